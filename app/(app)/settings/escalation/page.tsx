import type { Metadata } from 'next';
import Link from 'next/link';
import { Allowed } from '@/components/ui/allowed';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { listPolicies } from '@/db/queries/escalation';
import { listChannels } from '@/db/queries/notifications';
import { requireTeam } from '@/lib/auth/session';
import { param, type SearchParams } from '@/lib/search-params';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';
import { SettingsTabs } from '../_components/settings-tabs';
import { PolicyForm } from './_components/policy-form';
import { stepsSummary } from './steps-summary';

export const metadata: Metadata = { title: 'Escalation' };

export default async function EscalationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const [policies, channels, params] = await Promise.all([listPolicies(ctx.teamId), listChannels(ctx.teamId), searchParams]);
  const names = new Map(channels.map((channel) => [channel.id, channel.name]));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/escalation" />
      <FormSuccess message={param(params.notice) === 'deleted' ? 'Policy deleted.' : undefined} />

      <Card
        title="Escalation policies"
        description="Who is told, step after step, while nobody acknowledges an incident. Acknowledging stops it at once; resolving stops it; maintenance holds it. A monitor uses one besides its channels (its edit page, under Notifications)."
      >
        {policies.length === 0 ? (
          <p className="text-sm text-slate-600">No policies yet: an incident tells its channels once (and reminds, if they say so). Add one below to page the next person when nobody answers.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {policies.map((policy) => (
              <li key={policy.id} className="py-3">
                <Link href={`/settings/escalation/${policy.id}`} className="font-medium text-brand-700 hover:underline">
                  {policy.name}
                </Link>
                <span className="text-sm text-slate-600">
                  {' '}
                  · {policy.monitors} monitor{policy.monitors === 1 ? '' : 's'}
                  {policy.repeatCount ? ` · repeats ${policy.repeatCount}×` : ''}
                </span>
                <p className="mt-1 text-sm text-slate-700">{stepsSummary(policy.steps, names)}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Add a policy">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}>
          <PolicyForm
            initial={{ name: '', repeatCount: 0, steps: [{ waitMinutes: 10, notifyResponders: false, channelIds: [] }] }}
            channels={channels.map((channel) => ({ id: channel.id, name: channel.name, kind: channel.kind }))}
          />
        </Allowed>
      </Card>
    </div>
  );
}

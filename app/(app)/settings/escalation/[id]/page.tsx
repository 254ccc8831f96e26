import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Allowed } from '@/components/ui/allowed';
import { Card } from '@/components/ui/card';
import { getPolicy } from '@/db/queries/escalation';
import { listChannels } from '@/db/queries/notifications';
import { requireTeam } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';
import { SettingsTabs } from '../../_components/settings-tabs';
import { DeletePolicyForm, PolicyForm } from '../_components/policy-form';

export const metadata: Metadata = { title: 'Escalation policy' };

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ctx } = await requireTeam();
  const policy = isUuid(id) ? await getPolicy(ctx.teamId, id) : null;
  if (!policy) notFound();
  const channels = await listChannels(ctx.teamId);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/escalation" />
      <p className="text-sm">
        <Link href="/settings/escalation" className="text-brand-700 hover:underline">
          ← Escalation policies
        </Link>
      </p>
      <Card title={policy.name} description={`Used by ${policy.monitors} monitor${policy.monitors === 1 ? '' : 's'}. Incidents escalating by it go on from the step they are at.`}>
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}>
          <PolicyForm
            initial={{ policyId: policy.id, name: policy.name, repeatCount: policy.repeatCount, steps: policy.steps }}
            channels={channels.map((channel) => ({ id: channel.id, name: channel.name, kind: channel.kind }))}
          />
        </Allowed>
      </Card>
      <Card title="Delete policy">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageChannels)}>
          <DeletePolicyForm policyId={policy.id} />
        </Allowed>
      </Card>
    </div>
  );
}

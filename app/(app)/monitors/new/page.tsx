import type { Metadata } from 'next';
import Link from 'next/link';
import { agentChoices } from '@/db/queries/agents';
import { monitorChoices } from '@/db/queries/notifications';
import { usageOverview } from '@/lib/plans/overview';
import { requireTeam } from '@/lib/auth/session';
import { type SearchParams } from '@/lib/search-params';
import { newMonitorValues } from '../_components/form-values';
import { MonitorForm } from '../_components/monitor-form';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'New monitor' };

export default async function NewMonitorPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx, team } = await requireTeam();
  const [agents, usage, others] = await Promise.all([agentChoices(ctx.teamId), usageOverview(team.ownerId), monitorChoices(ctx.teamId)]);
  const { agent } = await searchParams;
  const agentId = agents.find((choice) => choice.id === agent)?.id ?? agents[0]?.id ?? '';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">New monitor</h1>
      {agents.length === 0 ? (
        <p className="text-sm text-slate-600">
          HTTP, TCP, ping and DNS checks run on an agent: <Link href="/agents" className="text-brand-700 hover:underline">add an agent</Link> for them. A push monitor (for cron jobs) needs none.
        </p>
      ) : null}
      <MonitorForm initial={newMonitorValues(agentId, usage.plan, agents.length === 0 ? 'push' : 'http')} agents={agents} plan={usage.plan} others={others} limitReason={refusal(ctx.role, PERMISSIONS.manageMonitors) ?? usage.resources.monitors.refusal ?? undefined} />
    </div>
  );
}

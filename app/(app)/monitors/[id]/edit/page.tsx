import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { agentChoices } from '@/db/queries/agents';
import { getMonitor } from '@/db/queries/monitors';
import { monitorChannels, monitorChoices } from '@/db/queries/notifications';
import { monitorPolicyId, policyChoices } from '@/db/queries/escalation';
import { requireTeam } from '@/lib/auth/session';
import { DeleteMonitorForm } from '../../_components/delete-monitor-form';
import { monitorValues } from '../../_components/form-values';
import { MonitorChannelsForm } from '../../_components/monitor-channels-form';
import { MonitorForm } from '../../_components/monitor-form';
import { isUuid } from '@/lib/ids';
import { planName } from '@/lib/plans';
import { switchToTeamOf } from '@/lib/teams/switching';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Edit monitor' };


export default async function EditMonitorPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx, team } = await requireTeam();
  const { id } = await params;
  const monitor = isUuid(id) ? await getMonitor(ctx.teamId, id) : null;
  if (!monitor) {
    await switchToTeamOf('monitor', id, `/monitors/${id}/edit`);
    notFound();
  }
  const [agents, channels, policies, policyId, others] = await Promise.all([
    agentChoices(ctx.teamId),
    monitorChannels(ctx.teamId, monitor.id),
    policyChoices(ctx.teamId),
    monitorPolicyId(ctx.teamId, monitor.id),
    monitorChoices(ctx.teamId),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Edit {monitor.name}</h1>
      <Allowed reason={refusal(ctx.role, PERMISSIONS.manageMonitors)}><MonitorForm initial={monitorValues(monitor)} agents={agents} plan={planName(team.plan)} others={others.filter((other) => other.id !== monitor.id)} /></Allowed>
      <Card title="Notifications" description="The channels that tell you when this monitor goes down and comes back, and who is paged next when nobody acknowledges.">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageMonitors)}><MonitorChannelsForm monitorId={monitor.id} channels={channels} policies={policies} policyId={policyId} /></Allowed>
      </Card>
      <Card title="Delete monitor">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageMonitors)}><DeleteMonitorForm monitorId={monitor.id} /></Allowed>
      </Card>
    </div>
  );
}

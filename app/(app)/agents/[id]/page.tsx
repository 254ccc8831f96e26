import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { TimeAgo } from '@/components/ui/time-ago';
import { getAgent } from '@/db/queries/agents';
import { dashboardMonitors } from '@/lib/dashboard/monitors';
import { formatUptime } from '@/lib/format';
import { viewerTimeZone } from '@/lib/viewer';
import { requireTeam } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { publicServerUrl } from '@/lib/server-url';
import { DeleteAgentForm, RenameAgentForm, RotateKeyForm } from '../_components/agent-forms';
import { agentBundle } from '@/lib/agents/bundle';
import { AgentVersion } from '../_components/agent-version';
import { isUuid } from '@/lib/ids';
import { switchToTeamOf } from '@/lib/teams/switching';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Agent' };


export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  const pollSeconds = getEnv().WATCHPOST_AGENT_POLL_SECONDS;
  const agent = isUuid(id) ? await getAgent(ctx.teamId, id, pollSeconds) : null;
  if (!agent) {
    await switchToTeamOf('agent', id, `/agents/${id}`);
    notFound();
  }
  const [{ monitors, total }, timeZone] = await Promise.all([dashboardMonitors(ctx.teamId, pollSeconds, { agentId: agent.id, sort: 'status' }), viewerTimeZone()]);
  const builtin = agent.kind === 'builtin';
  const servedAgent = agentBundle()?.version;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/agents" className="text-sm text-brand-700 hover:underline">
          ← Agents
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{agent.name}</h1>
      </div>
      <Card title="Overview">
        <dl className="grid max-w-lg grid-cols-[9rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">Runs on</dt>
          <dd>{builtin ? 'This server (built-in agent, no token)' : 'A remote machine'}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <StatusBadge status={agent.online ? 'online' : 'offline'} />
            <span className="text-slate-600">
              {agent.online ? 'last heard ' : agent.lastSeenAt ? 'since it was last heard ' : 'never heard from'}
              {agent.lastSeenAt ? <TimeAgo date={agent.lastSeenAt} timeZone={timeZone} /> : null}
            </span>
          </dd>
          <dt className="text-slate-500">Version</dt>
          <dd>
            <AgentVersion kind={agent.kind} version={agent.version} served={servedAgent} />
          </dd>
          <dt className="text-slate-500">Added</dt>
          <dd>
            <TimeAgo date={agent.createdAt} timeZone={timeZone} />
          </dd>
        </dl>
      </Card>
      <Card
        title="Monitors"
        description={`${total} monitor${total === 1 ? '' : 's'} run on this agent${agent.online ? '' : '; while it is offline they show as stale'}.`}
      >
        <ul className="space-y-1 text-sm">
          {monitors.map((monitor) => (
            <li key={monitor.id} className="flex flex-wrap items-center gap-x-2">
              <StatusBadge status={monitor.status} />
              <Link href={`/monitors/${monitor.id}`} className="text-brand-700 hover:underline">
                {monitor.name}
              </Link>
              <span className="min-w-0 text-slate-500 [overflow-wrap:anywhere]">
                {monitor.type} · {monitor.target} · {formatUptime(monitor.uptime24h)} over 24 h
              </span>
            </li>
          ))}
        </ul>
        {total > monitors.length ? (
          <Link href={`/dashboard?agent=${agent.id}`} className="mt-2 inline-block text-sm text-brand-700 hover:underline">
            All {total} monitors of this agent
          </Link>
        ) : null}
        <Link href={`/monitors/new?agent=${agent.id}`} className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
          Add a monitor on this agent
        </Link>
      </Card>
      <Card title="Rename">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageAgents)}><RenameAgentForm agentId={agent.id} name={agent.name} /></Allowed>
      </Card>
      {builtin ? null : (
        <Card title="Agent key" description="Rotating gives the agent a new token; the old one stops working at once.">
          <Allowed reason={refusal(ctx.role, PERMISSIONS.manageAgents)}><RotateKeyForm agentId={agent.id} serverUrl={await publicServerUrl()} /></Allowed>
        </Card>
      )}
      <Card title="Delete agent">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageAgents)}><DeleteAgentForm agentId={agent.id} monitorCount={agent.monitorCount} /></Allowed>
      </Card>
    </div>
  );
}

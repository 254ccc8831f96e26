import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { TimeAgo } from '@/components/ui/time-ago';
import { getAgent } from '@/db/queries/agents';
import { listMonitors } from '@/db/queries/monitors';
import { requireUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { publicServerUrl } from '@/lib/server-url';
import { DeleteAgentForm, RenameAgentForm, RotateKeyForm } from '../_components/agent-forms';
import { isUuid } from '@/lib/ids';

export const metadata: Metadata = { title: 'Agent' };


export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const agent = isUuid(id) ? await getAgent(user.id, id, getEnv().WATCHPOST_AGENT_POLL_SECONDS) : null;
  if (!agent) notFound();
  const monitors = await listMonitors(user.id, { agentId: agent.id });
  const builtin = agent.kind === 'builtin';
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
          <dd>{builtin ? 'Runs with the server' : <StatusBadge status={agent.online ? 'online' : 'offline'} />}</dd>
          <dt className="text-slate-500">Last seen</dt>
          <dd>
            <TimeAgo date={agent.lastSeenAt} />
          </dd>
          <dt className="text-slate-500">Added</dt>
          <dd>
            <TimeAgo date={agent.createdAt} />
          </dd>
        </dl>
      </Card>
      <Card title="Monitors" description={`${monitors.length} monitor${monitors.length === 1 ? '' : 's'} run on this agent.`}>
        <ul className="space-y-1 text-sm">
          {monitors.map((monitor) => (
            <li key={monitor.id} className="flex items-center gap-2">
              <StatusBadge status={monitor.status ?? 'unknown'} />
              <Link href={`/monitors/${monitor.id}/edit`} className="text-brand-700 hover:underline">
                {monitor.name}
              </Link>
              <span className="text-slate-500">
                {monitor.type} · {monitor.target}
              </span>
            </li>
          ))}
        </ul>
        <Link href={`/monitors/new?agent=${agent.id}`} className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
          Add a monitor on this agent
        </Link>
      </Card>
      <Card title="Rename">
        <RenameAgentForm agentId={agent.id} name={agent.name} />
      </Card>
      {builtin ? null : (
        <Card title="Agent key" description="Rotating gives the agent a new token; the old one stops working at once.">
          <RotateKeyForm agentId={agent.id} serverUrl={await publicServerUrl()} />
        </Card>
      )}
      <Card title="Delete agent">
        <DeleteAgentForm agentId={agent.id} monitorCount={agent.monitorCount} />
      </Card>
    </div>
  );
}

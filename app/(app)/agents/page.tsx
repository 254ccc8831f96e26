import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { TimeAgo } from '@/components/ui/time-ago';
import { listAgents } from '@/db/queries/agents';
import { usageOverview } from '@/lib/plans/overview';
import { requireTeam } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { publicServerUrl } from '@/lib/server-url';
import { agentBundle } from '@/lib/agents/bundle';
import { AgentVersion } from './_components/agent-version';
import { CreateAgentForm } from './_components/create-agent-form';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Agents' };

export default async function AgentsPage() {
  const { ctx, team } = await requireTeam();
  const [agents, usage] = await Promise.all([listAgents(ctx.teamId, getEnv().WATCHPOST_AGENT_POLL_SECONDS), usageOverview(team.ownerId)]);
  const servedAgent = agentBundle()?.version;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Agents</h1>
      <Card title="Add an agent" description="An agent runs your monitors' checks: on a machine of yours (outbound HTTPS only), or inside this server.">
        <CreateAgentForm serverUrl={await publicServerUrl()} hasBuiltin={agents.some((agent) => agent.kind === 'builtin')}
          limitReason={refusal(ctx.role, PERMISSIONS.manageAgents) ?? usage.resources.agents.refusal ?? undefined}
        />
      </Card>
      {agents.length === 0 ? (
        <p className="text-sm text-slate-600">No agents yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Runs on</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">Last seen</th>
                <th className="px-4 py-2 font-medium">Version</th>
                <th className="px-4 py-2 text-right font-medium">Monitors</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr key={agent.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">
                    <Link href={`/agents/${agent.id}`} className="font-medium text-brand-700 hover:underline">
                      {agent.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{agent.kind === 'builtin' ? 'This server' : 'Remote'}</td>
                  <td className="px-4 py-2">
                    {agent.kind === 'builtin' ? <span className="text-slate-500">built in</span> : <StatusBadge status={agent.online ? 'online' : 'offline'} />}
                  </td>
                  <td className="px-4 py-2">
                    <TimeAgo date={agent.lastSeenAt} />
                  </td>
                  <td className="px-4 py-2">
                    <AgentVersion kind={agent.kind} version={agent.version} served={servedAgent} />
                  </td>
                  <td className="px-4 py-2 text-right">{agent.monitorCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

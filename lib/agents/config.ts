import 'server-only';
import { createHash } from 'node:crypto';
import { enabledMonitorsOfAgent, type RunnableMonitorRow } from '@/db/queries/monitors';
import type { AgentConfig, AgentMonitor } from '@/lib/contracts/agent-config';
import { completeOptions } from '@/lib/contracts/monitors';
import { getEnv } from '@/lib/env';
import type { AuthenticatedAgent } from './authenticate';

/** A monitor row as agents receive it. */
export function toAgentMonitor(row: RunnableMonitorRow): AgentMonitor {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    target: row.target,
    // Seed rows may hold NULL here; the seed's defaults apply.
    intervalSeconds: row.intervalSeconds ?? 30,
    timeoutSeconds: row.timeoutSeconds ?? 10,
    options: completeOptions(row.type, row.options),
  } as AgentMonitor;
}

/** The configuration an agent runs, and its ETag (a hash of exactly what is sent). */
export async function agentConfig(agent: AuthenticatedAgent): Promise<{ body: AgentConfig; etag: string }> {
  const rows = await enabledMonitorsOfAgent(agent.id);
  const body: AgentConfig = {
    agent: { id: agent.id, name: agent.name },
    pollSeconds: getEnv().WATCHPOST_AGENT_POLL_SECONDS,
    monitors: rows.map(toAgentMonitor),
  };
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  return { body, etag };
}

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

/**
 * Monitor types a Watchpost agent knows only from a version on: an older one would refuse
 * its whole configuration over one monitor of a type it does not know, so it is not sent
 * those (the monitor page says the agent must be updated). Third-party agents, which send
 * no Watchpost version, get everything (protocol v1: skip what you do not run).
 */
export const TYPES_SINCE: Record<string, string> = { tls: '0.2.0' };

/** Whether version `a` (x.y.z) is older than `b`. */
export function olderThan(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split(/[.-]/).slice(0, 3).map((n) => Number.parseInt(n, 10) || 0));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! < y![i]!;
  return false;
}

/** Whether an agent of `version` runs monitors of `type`. */
export function agentRuns(version: string | null, type: string): boolean {
  const since = TYPES_SINCE[type];
  return !since || !version || !olderThan(version, since);
}

/** The configuration an agent runs, and its ETag (a hash of exactly what is sent). */
export async function agentConfig(agent: AuthenticatedAgent): Promise<{ body: AgentConfig; etag: string }> {
  const rows = (await enabledMonitorsOfAgent(agent.id)).filter((row) => agentRuns(agent.version, row.type));
  const body: AgentConfig = {
    agent: { id: agent.id, name: agent.name },
    pollSeconds: getEnv().WATCHPOST_AGENT_POLL_SECONDS,
    monitors: rows.map(toAgentMonitor),
  };
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  return { body, etag };
}

import 'server-only';
import { type AgentSummary, getAgent } from '@/db/queries/agents';
import { agentsAfter } from '@/db/queries/agents';
import type { ApiAgent } from '@/lib/contracts/api';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { TeamContext } from '@/lib/teams/roles';
import { isoTime, type Page, pageAfter, pageQuery } from './pages';

// Agents through the API: the agents page's rows.

export function toApiAgent(agent: AgentSummary): ApiAgent {
  return {
    id: agent.id,
    name: agent.name,
    kind: agent.kind as ApiAgent['kind'],
    online: agent.online,
    lastSeenAt: isoTime(agent.lastSeenAt),
    createdAt: isoTime(agent.createdAt),
    monitorCount: Number(agent.monitorCount),
    version: agent.version,
  };
}

export async function apiAgent(ctx: TeamContext, id: string): Promise<ApiAgent> {
  const agent = await getAgent(ctx.teamId, id, getEnv().WATCHPOST_AGENT_POLL_SECONDS);
  if (!agent) throw new AppError('NOT_FOUND', 'That agent does not exist.');
  return toApiAgent(agent);
}

export async function listApiAgents(ctx: TeamContext, page: { limit: number; cursor?: string }): Promise<Page<ApiAgent>> {
  const rows = await agentsAfter(ctx.teamId, getEnv().WATCHPOST_AGENT_POLL_SECONDS, { limit: page.limit, after: pageQuery(page.cursor) });
  return pageAfter(rows, page.limit, toApiAgent, (row) => row.position);
}

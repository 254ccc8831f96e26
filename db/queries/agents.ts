import 'server-only';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { agents, monitors } from '@/db/schema';

/** Online while seen within 3 × pollSeconds (DESIGN.md), computed when read. */
const online = (pollSeconds: number) =>
  sql<boolean>`coalesce(${agents.lastSeenAt} > now() - make_interval(secs => ${pollSeconds * 3}), false)`;

export interface AgentSummary {
  id: string;
  name: string;
  kind: string;
  online: boolean;
  lastSeenAt: Date | null;
  createdAt: Date | null;
  monitorCount: number;
  /** What the agent said it runs, in its User-Agent; null before its first request. */
  version: string | null;
}

const summaryColumns = (pollSeconds: number) => ({
  id: agents.id,
  name: agents.name,
  kind: agents.kind,
  online: online(pollSeconds),
  lastSeenAt: agents.lastSeenAt,
  createdAt: agents.createdAt,
  monitorCount: count(monitors.id),
  version: agents.version,
});

export async function listAgents(teamId: string, pollSeconds: number): Promise<AgentSummary[]> {
  return readDb
    .select(summaryColumns(pollSeconds))
    .from(agents)
    .leftJoin(monitors, eq(monitors.agentId, agents.id))
    .where(eq(agents.teamId, teamId))
    .groupBy(agents.id)
    .orderBy(asc(sql`lower(${agents.name})`));
}

export async function getAgent(teamId: string, agentId: string, pollSeconds: number): Promise<AgentSummary | null> {
  const [agent] = await readDb
    .select(summaryColumns(pollSeconds))
    .from(agents)
    .leftJoin(monitors, eq(monitors.agentId, agents.id))
    .where(and(eq(agents.id, agentId), eq(agents.teamId, teamId)))
    .groupBy(agents.id);
  return agent ?? null;
}

/** For the monitor form's agent picker. */
export async function agentChoices(teamId: string): Promise<{ id: string; name: string; kind: string }[]> {
  return readDb
    .select({ id: agents.id, name: agents.name, kind: agents.kind })
    .from(agents)
    .where(eq(agents.teamId, teamId))
    .orderBy(asc(sql`lower(${agents.name})`));
}

/** Every built-in agent of the instance (the leader runs them all, and receives their push monitors' pings). */
export async function builtinAgentIds(): Promise<string[]> {
  return (await readDb.select({ id: agents.id }).from(agents).where(eq(agents.kind, 'builtin'))).map((row) => row.id);
}

/** The API's list: oldest first, `limit + 1` after the position (created, id) of the last one shown. */
export async function agentsAfter(
  teamId: string,
  pollSeconds: number,
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<(AgentSummary & { position: { at: string; id: string } })[]> {
  const rows = await readDb
    .select({ ...summaryColumns(pollSeconds), positionAt: sql<string>`coalesce(${agents.createdAt}, 'epoch')::text` })
    .from(agents)
    .leftJoin(monitors, eq(monitors.agentId, agents.id))
    .where(
      and(
        eq(agents.teamId, teamId),
        page.after ? sql`(coalesce(${agents.createdAt}, 'epoch'), ${agents.id}) > (${page.after.at}::timestamptz, ${page.after.id}::uuid)` : undefined,
      ),
    )
    .groupBy(agents.id)
    .orderBy(sql`coalesce(${agents.createdAt}, 'epoch')`, agents.id)
    .limit(page.limit + 1);
  return rows.map(({ positionAt, ...agent }) => ({ ...agent, position: { at: positionAt, id: agent.id } }));
}

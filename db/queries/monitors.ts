import 'server-only';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { agents, monitorAssertionResults, monitorLocations, monitors, teamMembers, users } from '@/db/schema';

export interface MonitorListFilters {
  status?: string;
  agentId?: string;
}

export async function listMonitors(teamId: string, filters: MonitorListFilters = {}) {
  return readDb
    .select({
      id: monitors.id,
      name: monitors.name,
      type: monitors.type,
      target: monitors.target,
      status: monitors.status,
      enabled: monitors.enabled,
      intervalSeconds: monitors.intervalSeconds,
      agentId: agents.id,
      agentName: agents.name,
    })
    .from(monitors)
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .where(
      and(
        eq(agents.teamId, teamId),
        filters.status ? eq(monitors.status, filters.status) : undefined,
        filters.agentId ? eq(agents.id, filters.agentId) : undefined,
      ),
    )
    .orderBy(asc(sql`lower(${monitors.name})`), asc(monitors.id));
}

export type MonitorListItem = Awaited<ReturnType<typeof listMonitors>>[number];

/** One monitor with everything its edit form shows, if it is this team's. */
export async function getMonitor(teamId: string, monitorId: string) {
  const [monitor] = await readDb
    .select({
      id: monitors.id,
      name: monitors.name,
      type: monitors.type,
      target: monitors.target,
      agentId: monitors.agentId,
      intervalSeconds: monitors.intervalSeconds,
      timeoutSeconds: monitors.timeoutSeconds,
      failureThreshold: monitors.failureThreshold,
      recoveryThreshold: monitors.recoveryThreshold,
      options: monitors.options,
      enabled: monitors.enabled,
      status: monitors.status,
      quorumRule: monitors.quorumRule,
      quorumK: monitors.quorumK,
      degradedAfterMs: monitors.degradedAfterMs,
      /** The further locations' agents, by position. */
      locations: sql<string[]>`coalesce((SELECT array_agg(l.agent_id::text ORDER BY l.position) FROM ${monitorLocations} l WHERE l.monitor_id = ${monitors.id}), '{}')`,
      /** What it depends on (lib/dependencies). */
      dependsOn: sql<string[]>`coalesce((SELECT array_agg(d.depends_on_id::text) FROM monitor_dependencies d WHERE d.monitor_id = ${monitors.id}), '{}')`,
    })
    .from(monitors)
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .where(and(eq(monitors.id, monitorId), eq(agents.teamId, teamId)));
  return monitor ?? null;
}

export type RelatedMonitor = {
  id: string;
  name: string;
  status: string;
};

/** What a monitor of the team depends on, and what depends on it. */
export async function monitorDependencies(teamId: string, monitorId: string): Promise<{ dependsOn: RelatedMonitor[]; dependents: RelatedMonitor[] }> {
  const rows = await readDb.execute<RelatedMonitor & { side: 'parent' | 'child' }>(sql`
    SELECT 'parent' AS side, m.id, m.name, CASE WHEN m.enabled IS FALSE THEN 'paused' ELSE coalesce(m.status, 'unknown') END AS status
    FROM monitor_dependencies d JOIN monitors m ON m.id = d.depends_on_id JOIN agents a ON a.id = m.agent_id
    WHERE d.monitor_id = ${monitorId} AND a.team_id = ${teamId}
    UNION ALL
    SELECT 'child', m.id, m.name, CASE WHEN m.enabled IS FALSE THEN 'paused' ELSE coalesce(m.status, 'unknown') END
    FROM monitor_dependencies d JOIN monitors m ON m.id = d.monitor_id JOIN agents a ON a.id = m.agent_id
    WHERE d.depends_on_id = ${monitorId} AND a.team_id = ${teamId}
    ORDER BY 3`);
  const of = (side: string) => [...rows].filter((row) => row.side === side).map(({ id, name, status }) => ({ id, name, status }));
  return { dependsOn: of('parent'), dependents: of('child') };
}

export type MonitorDetail = NonNullable<Awaited<ReturnType<typeof getMonitor>>>;

/** The columns an agent needs to run a monitor (lib/agents/config.ts turns them into its wire shape). */
const runnableColumns = {
  id: monitors.id,
  name: monitors.name,
  type: monitors.type,
  target: monitors.target,
  intervalSeconds: monitors.intervalSeconds,
  timeoutSeconds: monitors.timeoutSeconds,
  options: monitors.options,
};
// Push monitors are checked by the server from their pings (lib/checks/push), by no agent.
const isEnabled = sql`${monitors.enabled} IS NOT FALSE AND ${monitors.type} <> 'push'`;

export type RunnableMonitorRow = Awaited<ReturnType<typeof enabledMonitorsOfAgent>>[number];

/** Whether agent `agentId` checks the monitor: its first location, or a further one (monitor_locations). */
const checkedBy = (agentId: SQL | string) =>
  sql`(${monitors.agentId} = ${agentId} OR EXISTS (SELECT 1 FROM ${monitorLocations} l WHERE l.monitor_id = ${monitors.id} AND l.agent_id = ${agentId}))`;

/** What an authenticated agent runs: the enabled monitors it is a location of. */
export async function enabledMonitorsOfAgent(agentId: string) {
  return readDb
    .select(runnableColumns)
    .from(monitors)
    .where(and(checkedBy(agentId), isEnabled))
    .orderBy(asc(monitors.id));
}

/** What the built-in agent runner runs: the enabled monitors of every built-in agent, with the plan of their team's owner. */
export async function builtinAgentMonitors() {
  return readDb
    .select({ ...runnableColumns, agentId: agents.id, plan: users.plan })
    .from(monitors)
    .innerJoin(agents, checkedBy(sql`${agents.id}`))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, agents.teamId), eq(teamMembers.role, 'owner')))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(agents.kind, 'builtin'), isEnabled))
    .orderBy(asc(monitors.id), asc(agents.id));
}

/** The assertion results of the monitor's newest check that reported them, if it is this team's. */
export async function lastAssertionResults(teamId: string, monitorId: string) {
  const [row] = await readDb
    .select({ time: monitorAssertionResults.time, results: monitorAssertionResults.results, options: monitors.options })
    .from(monitorAssertionResults)
    .innerJoin(monitors, eq(monitors.id, monitorAssertionResults.monitorId))
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .where(and(eq(monitorAssertionResults.monitorId, monitorId), eq(agents.teamId, teamId)));
  return row ?? null;
}

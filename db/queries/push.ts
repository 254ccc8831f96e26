import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { agents, monitors, pushPings, teamMembers, users } from '@/db/schema';

// Push monitors: the monitor a ping key names, the runs still open, the monitors whose
// ping is overdue (by the deadline index), and what a monitor page shows of its pings.

/** The columns a ping and the lateness sweep need, with the agent that stores its heartbeats and the team owner's plan. */
const pushColumns = {
  id: monitors.id,
  enabled: monitors.enabled,
  options: monitors.options,
  expectedAt: monitors.pushExpectedAt,
  deadlineAt: monitors.pushDeadlineAt,
  agentId: agents.id,
  plan: users.plan,
};

function pushMonitors() {
  return db
    .select(pushColumns)
    .from(monitors)
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, agents.teamId), eq(teamMembers.role, 'owner')))
    .innerJoin(users, eq(users.id, teamMembers.userId));
}

export type PushMonitorRow = Awaited<ReturnType<typeof pushMonitorByKeyHash>> & {};

/** The push monitor whose ping key hashes to `keyHash` (the unique index), or null. */
export async function pushMonitorByKeyHash(keyHash: string) {
  const [row] = await pushMonitors().where(and(eq(monitors.pushKeyHash, keyHash), eq(monitors.type, 'push')));
  return row ?? null;
}

/** Enabled push monitors whose deadline has passed, soonest first (the partial deadline index). */
export async function overduePushMonitors(now: Date, limit: number) {
  return pushMonitors()
    .where(and(sql`${monitors.pushDeadlineAt} <= ${now.toISOString()}::timestamptz`, sql`${monitors.enabled} IS NOT FALSE`, eq(monitors.type, 'push')))
    .orderBy(monitors.pushDeadlineAt)
    .limit(limit);
}

/** The open start an end pairs with: the newest with the same run id (or, without one, the newest without). */
export async function openRunStart(monitorId: string, runId: string | null) {
  const [row] = await db
    .select({ id: pushPings.id, time: pushPings.time })
    .from(pushPings)
    .where(
      and(
        eq(pushPings.monitorId, monitorId),
        eq(pushPings.kind, 'start'),
        sql`${pushPings.endedAt} IS NULL`,
        runId ? eq(pushPings.runId, runId) : sql`${pushPings.runId} IS NULL`,
      ),
    )
    .orderBy(desc(pushPings.time))
    .limit(1);
  return row ?? null;
}

/** The oldest run still open (its start + grace may be the deadline). */
export const oldestOpenStartSql = (monitorId: string) => sql`
  SELECT id, time FROM push_pings
  WHERE monitor_id = ${monitorId} AND kind = 'start' AND ended_at IS NULL
  ORDER BY time LIMIT 1`;

/** The latest pings of a push monitor, if it is this team's (its page). */
export async function recentPings(teamId: string, monitorId: string, limit = 20) {
  return db
    .select({
      id: pushPings.id,
      time: pushPings.time,
      kind: pushPings.kind,
      exitStatus: pushPings.exitStatus,
      runId: pushPings.runId,
      durationMs: pushPings.durationMs,
      body: pushPings.body,
      sourceIp: pushPings.sourceIp,
      via: pushPings.via,
      endedAt: pushPings.endedAt,
    })
    .from(pushPings)
    .innerJoin(monitors, eq(monitors.id, pushPings.monitorId))
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .where(and(eq(pushPings.monitorId, monitorId), eq(agents.teamId, teamId)))
    .orderBy(desc(pushPings.id))
    .limit(limit);
}

export type RecentPing = Awaited<ReturnType<typeof recentPings>>[number];

/** A push monitor's key (encrypted), next expected ping and deadline, if it is this team's. */
export async function pushState(teamId: string, monitorId: string) {
  const [row] = await db
    .select({ keyEncrypted: monitors.pushKeyEncrypted, options: monitors.options, expectedAt: monitors.pushExpectedAt, deadlineAt: monitors.pushDeadlineAt })
    .from(monitors)
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .where(and(eq(monitors.id, monitorId), eq(agents.teamId, teamId), eq(monitors.type, 'push')));
  return row ?? null;
}

import 'server-only';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { agents, monitors, teamMembers, usageEvents, users } from '@/db/schema';

/**
 * The agents and monitors of every team a user owns (a plan covers all its owner's teams,
 * so making more teams does not multiply the limits), as two select columns: the plan
 * check (inside the create's transaction, lib/plans/usage.ts) and every page's usage read
 * count the same way. Parameters, not correlated columns: Drizzle writes columns in sql`` unqualified.
 */
export function usageCounts(ownerId: string) {
  const owned = sql`(SELECT ${teamMembers.teamId} FROM ${teamMembers} WHERE ${teamMembers.userId} = ${ownerId} AND ${teamMembers.role} = 'owner')`;
  return {
    agents: sql<number>`(SELECT count(*) FROM ${agents} WHERE ${agents.teamId} IN ${owned})`.mapWith(Number),
    monitors: sql<number>`(SELECT count(*) FROM ${monitors} WHERE ${monitors.agentId} IN (SELECT ${agents.id} FROM ${agents} WHERE ${agents.teamId} IN ${owned}))`.mapWith(Number),
  };
}

export type NoticeState = 'none' | 'open' | 'dismissed';

export interface UsageRow {
  plan: string | null;
  agents: number;
  monitors: number;
  /** per resource: no crossing on record, one not dismissed, or all dismissed */
  notices: { agents: NoticeState; monitors: NoticeState };
}

/**
 * An owner's plan, counts (across the teams they own) and the state of the usage notices
 * of `noticeKinds` (the crossing events: lib/plans decides which), in one round trip.
 */
export async function usageRow(ownerId: string, noticeKinds: readonly string[]): Promise<UsageRow> {
  const kinds = sql.join(
    noticeKinds.map((kind) => sql`${kind}`),
    sql`, `,
  );
  const noticeState = (resource: string) =>
    sql<NoticeState>`(SELECT CASE WHEN count(*) = 0 THEN 'none' WHEN bool_or(${usageEvents.dismissedAt} IS NULL) THEN 'open' ELSE 'dismissed' END FROM ${usageEvents}
      WHERE ${usageEvents.userId} = ${ownerId} AND ${usageEvents.resource} = ${resource} AND ${usageEvents.kind} IN (${kinds}))`;
  const [row] = await readDb
    .select({ plan: users.plan, ...usageCounts(ownerId), agentsNotice: noticeState('agents'), monitorsNotice: noticeState('monitors') })
    .from(users)
    .where(eq(users.id, ownerId));
  return {
    plan: row?.plan ?? null,
    agents: row?.agents ?? 0,
    monitors: row?.monitors ?? 0,
    notices: { agents: row?.agentsNotice ?? 'none', monitors: row?.monitorsNotice ?? 'none' },
  };
}

/** The usage events of the last `days` days, newest first. */
export async function recentUsageEvents(userId: string, days = 30) {
  return readDb
    .select({
      id: usageEvents.id,
      kind: usageEvents.kind,
      resource: usageEvents.resource,
      quantity: usageEvents.quantity,
      used: usageEvents.used,
      limit: usageEvents.limit,
      plan: usageEvents.plan,
      createdAt: usageEvents.createdAt,
    })
    .from(usageEvents)
    .where(and(eq(usageEvents.userId, userId), gte(usageEvents.createdAt, sql`now() - make_interval(days => ${days})`)))
    .orderBy(desc(usageEvents.createdAt), sql`CASE ${usageEvents.kind} WHEN 'reached' THEN 0 WHEN 'approaching' THEN 1 ELSE 2 END`)
    .limit(500);
}

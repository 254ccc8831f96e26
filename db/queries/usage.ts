import 'server-only';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { db } from '@/db';
import { agents, monitors, teamMembers, usageEvents, users } from '@/db/schema';
import { COUNTED, type CountedResource, limitReachedMessage, NOTICE_KINDS, type PlanName, planName, PLANS, type UsageLevel, usageLevel } from '@/lib/plans';

export interface ResourceUsage {
  resource: CountedResource;
  used: number;
  limit: number;
  level: UsageLevel;
  /** show the notice: near or at the limit, and this crossing's notice not dismissed */
  notice: boolean;
  /** at the limit: why creating another is refused */
  refusal: string | null;
}

export interface UsageOverview {
  plan: PlanName;
  resources: Record<CountedResource, ResourceUsage>;
}

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

const noticeKinds = sql.join(
  NOTICE_KINDS.map((kind) => sql`${kind}`),
  sql`, `,
);

/** An owner's usage (across the teams they own) against their plan, for the app shell's notice, the create buttons and /settings/usage. One round trip. */
export async function usageOverview(userId: string): Promise<UsageOverview> {
  const noticeState = (resource: CountedResource) =>
    sql<string>`(SELECT CASE WHEN count(*) = 0 THEN 'none' WHEN bool_or(${usageEvents.dismissedAt} IS NULL) THEN 'open' ELSE 'dismissed' END FROM ${usageEvents}
      WHERE ${usageEvents.userId} = ${userId} AND ${usageEvents.resource} = ${resource} AND ${usageEvents.kind} IN (${noticeKinds}))`;
  const [row] = await db
    .select({
      plan: users.plan,
      ...usageCounts(userId),
      agentsNotice: noticeState('agents'),
      monitorsNotice: noticeState('monitors'),
    })
    .from(users)
    .where(eq(users.id, userId));
  const plan = planName(row?.plan);
  const resources = Object.fromEntries(
    COUNTED.map((resource) => {
      const used = row?.[resource] ?? 0;
      const limit = PLANS[plan][resource];
      const level = usageLevel(used, limit);
      // No crossing on record (usage from before usage events): the notice shows until dismissed.
      const dismissed = row?.[`${resource}Notice`] === 'dismissed';
      const refusal = level === 'reached' ? limitReachedMessage(plan, resource, used) : null;
      return [resource, { resource, used, limit, level, notice: level !== 'ok' && !dismissed, refusal }];
    }),
  ) as Record<CountedResource, ResourceUsage>;
  return { plan, resources };
}

/** The usage events of the last `days` days, newest first. */
export async function recentUsageEvents(userId: string, days = 30) {
  return db
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

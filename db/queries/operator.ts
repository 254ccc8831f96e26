import 'server-only';
import { and, asc, count, eq, gte, sql } from 'drizzle-orm';
import { db } from '@/db';
import { agents, heartbeats, monitors, users, waitlistSignups, type WaitlistState } from '@/db/schema';

// Reads for the operator's CLI (npm run admin). They span every account on purpose: the
// operator runs the server. Nothing in app/ imports this module.

export async function listUsers() {
  return db
    .select({
      email: users.email,
      plan: sql<string>`coalesce(${users.plan}, 'free')`,
      createdAt: users.createdAt,
      // Qualified by hand: Drizzle writes columns in sql`` without their table.
      agents: sql<number>`(SELECT count(*) FROM agents a WHERE a.user_id = users.id)`.mapWith(Number),
      monitors: sql<number>`(SELECT count(*) FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = users.id)`.mapWith(Number),
    })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.email));
}

export async function operatorStats() {
  const [usersByPlan, [agentCount], [monitorCount], [heartbeatCount], waitlistByState] = await Promise.all([
    db.select({ plan: sql<string>`coalesce(${users.plan}, 'free')`, count: count() }).from(users).groupBy(sql`1`).orderBy(sql`1`),
    db.select({ count: count() }).from(agents),
    db.select({ count: count() }).from(monitors),
    db.select({ count: count() }).from(heartbeats).where(gte(heartbeats.time, sql`now() - interval '24 hours'`)),
    db.select({ state: waitlistSignups.state, count: count() }).from(waitlistSignups).groupBy(waitlistSignups.state).orderBy(waitlistSignups.state),
  ]);
  return {
    usersByPlan,
    agents: agentCount?.count ?? 0,
    monitors: monitorCount?.count ?? 0,
    heartbeatsLast24h: heartbeatCount?.count ?? 0,
    waitlistByState,
  };
}

export async function listWaitlist(filter: { state?: WaitlistState } = {}) {
  return db
    .select({
      email: waitlistSignups.email,
      state: waitlistSignups.state,
      createdAt: waitlistSignups.createdAt,
      source: waitlistSignups.source,
      referrer: waitlistSignups.referrer,
      note: waitlistSignups.note,
      invitedAt: waitlistSignups.invitedAt,
      convertedAt: waitlistSignups.convertedAt,
    })
    .from(waitlistSignups)
    .where(and(filter.state ? eq(waitlistSignups.state, filter.state) : undefined))
    .orderBy(asc(waitlistSignups.createdAt), asc(waitlistSignups.email));
}

/** The outbox at a glance, for `npm run admin -- notifications status`. */
export async function notificationStatus() {
  const [row] = await db.execute<{
    queued: number;
    retrying: number;
    failed_24h: number;
    delivered_24h: number;
    oldest_due_seconds: number | null;
    failing_channels: number;
  }>(sql`
    SELECT
      count(*) FILTER (WHERE state = 'queued' AND attempts = 0)::int AS queued,
      count(*) FILTER (WHERE state = 'queued' AND attempts > 0)::int AS retrying,
      count(*) FILTER (WHERE state = 'failed' AND created_at > now() - interval '24 hours')::int AS failed_24h,
      count(*) FILTER (WHERE state = 'delivered' AND delivered_at > now() - interval '24 hours')::int AS delivered_24h,
      extract(epoch FROM now() - min(due_at) FILTER (WHERE state = 'queued' AND due_at <= now()))::float8 AS oldest_due_seconds,
      (SELECT count(*)::int FROM notification_channels WHERE failing_since IS NOT NULL) AS failing_channels
    FROM notification_deliveries`);
  return row!;
}

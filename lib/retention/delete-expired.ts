import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { PLANS } from '@/lib/plans';
import { dropExpiredHeartbeatPartitions, heartbeatLayout } from './partitions';

// Raw heartbeats older than the retention of their team owner's plan go. Whole weeks (the
// partitions of plain PostgreSQL, the chunks of TimescaleDB) once every plan's retention has
// passed them; the rest in bounded batches: each batch is its own short statement, so ingest
// (which only touches recent rows) never waits on it. Incidents are kept.

const shortest = Math.min(...Object.values(PLANS).map((plan) => plan.retentionDays));
const longest = Math.max(...Object.values(PLANS).map((plan) => plan.retentionDays));

/**
 * The rows of the longest plan are left this much longer to their whole week's drop, which
 * writes no WAL per row; past it (in the partition of a migrated installation's history,
 * which goes whole only when all of it has expired) they are deleted row by row.
 */
export const WHOLE_WEEK_GRACE_DAYS = 7;

/** The raw retention of user `u`'s plan (a team's owner), in days (SQL with `u` in scope). */
export const retentionDays = sql.join(
  [
    sql`CASE u.plan`,
    ...Object.entries(PLANS).map(([name, plan]) => sql`WHEN ${name} THEN ${plan.retentionDays}::int`),
    sql`ELSE ${PLANS.free.retentionDays}::int END`,
  ],
  sql` `,
);

/** Each plan's retention, plus the grace for the longest one (SQL with `u` in scope). */
const rowDeletionDays = sql.join(
  [
    sql`CASE u.plan`,
    ...Object.entries(PLANS).map(([name, plan]) => sql`WHEN ${name} THEN ${plan.retentionDays + (plan.retentionDays === longest ? WHOLE_WEEK_GRACE_DAYS : 0)}::int`),
    sql`ELSE ${PLANS.free.retentionDays}::int END`,
  ],
  sql` `,
);

export async function deleteExpiredHeartbeats({ batchSize = 5000, maxBatches = 200, now = new Date() } = {}): Promise<number> {
  let deleted = 0;
  const layout = await heartbeatLayout();
  if (layout === 'hypertable') {
    // Whole chunks past the longest retention go at once.
    await db.execute(sql`SELECT drop_chunks('heartbeats', older_than => make_interval(days => ${longest}::int))`);
  } else if (layout === 'partitioned') {
    deleted += await dropExpiredHeartbeatPartitions(now);
  }
  const at = sql`${now.toISOString()}::timestamptz`;
  for (let batch = 0; batch < maxBatches; batch++) {
    const rows = await db.execute<{ n: number }>(sql`
      WITH doomed AS (
        SELECT h.monitor_id, h.time
        FROM heartbeats h
        JOIN monitors m ON m.id = h.monitor_id
        JOIN agents a ON a.id = m.agent_id
        LEFT JOIN team_members o ON o.team_id = a.team_id AND o.role = 'owner'
        LEFT JOIN users u ON u.id = o.user_id
        WHERE h.time < ${at} - make_interval(days => ${shortest}::int)
          AND h.time < ${at} - make_interval(days => ${rowDeletionDays})
        LIMIT ${batchSize}::int
      ), gone AS (
        DELETE FROM heartbeats h USING doomed d
        WHERE h.monitor_id = d.monitor_id AND h.time = d.time
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM gone`);
    const n = rows[0]?.n ?? 0;
    deleted += n;
    if (n < batchSize) break;
    // Let other work run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return deleted;
}

/** Rollups outlive raw heartbeats: 90-day and yearly numbers stay right after the raw rows are gone. Maintenance occurrences go with them. */
export const ROLLUP_RETENTION_DAYS = 400;

export async function deleteExpiredRollups(): Promise<number> {
  const hourly = await db.execute(sql`DELETE FROM monitor_rollups_hourly WHERE bucket < now() - make_interval(days => ${ROLLUP_RETENTION_DAYS}::int)`);
  const daily = await db.execute(sql`DELETE FROM monitor_rollups_daily WHERE bucket < now() - make_interval(days => ${ROLLUP_RETENTION_DAYS}::int)`);
  // Maintenance that ended before any rollup kept matters to nothing any more.
  const occurrences = await db.execute(sql`DELETE FROM maintenance_occurrences WHERE ends_at < now() - make_interval(days => ${ROLLUP_RETENTION_DAYS}::int)`);
  return hourly.count + daily.count + occurrences.count;
}

/** The delivery log shows 30 days; events (with their deliveries and attempts) are kept 90, then go. */
export const NOTIFICATION_RETENTION_DAYS = 90;

export async function deleteExpiredNotifications({ batchSize = 5000 }: { batchSize?: number } = {}): Promise<number> {
  let deleted = 0;
  for (;;) {
    // A message still queued (a long retry) is never cut short.
    const result = await db.execute(sql`
      DELETE FROM notification_events e
      WHERE e.id IN (
        SELECT id FROM notification_events
        WHERE created_at < now() - make_interval(days => ${NOTIFICATION_RETENTION_DAYS}::int)
          AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = notification_events.id AND d.state = 'queued')
        LIMIT ${batchSize}::int)`);
    deleted += result.count;
    if (result.count < batchSize) return deleted;
  }
}

/** A team's audit log keeps 400 days. */
export const AUDIT_RETENTION_DAYS = 400;

export async function deleteExpiredAuditEvents({ batchSize = 5000 }: { batchSize?: number } = {}): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db.execute(sql`
      DELETE FROM audit_events WHERE id IN (
        SELECT id FROM audit_events WHERE created_at < now() - make_interval(days => ${AUDIT_RETENTION_DAYS}::int) LIMIT ${batchSize}::int)`);
    deleted += result.count;
    if (result.count < batchSize) return deleted;
  }
}

/** Idempotency-Key answers older than their 24 hours (lib/api/handler.ts): a retry after that is a new request. */
export async function deleteExpiredIdempotencyKeys(): Promise<number> {
  const result = await db.execute(sql`DELETE FROM api_idempotency WHERE created_at < now() - interval '24 hours'`);
  return result.count;
}

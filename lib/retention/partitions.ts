import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { LONGEST_RETENTION_DAYS } from '@/lib/plans';

// Without TimescaleDB, heartbeats is partitioned by week (drizzle/0037_partitioned_heartbeats.sql).
// The background leader keeps a partition ready for every week from the longest plan's
// retention back to two weeks ahead, splits rows that landed in the default partition into
// their weeks, and drops the weeks that every plan's retention has passed.

/** How far ahead partitions are kept: ingest never lands in the default partition while the leader is away this long. */
const AHEAD_DAYS = 14;
/** The partition drop waits for a lock no longer than this, so ingest is never queued behind it; the next hour tries again. */
const LOCK_TIMEOUT = '5s';

export type HeartbeatLayout = 'partitioned' | 'hypertable' | 'table';

/** How heartbeats is stored in this database. */
export async function heartbeatLayout(): Promise<HeartbeatLayout> {
  const [row] = await db.execute<{ kind: string; timescale: boolean }>(sql`
    SELECT c.relkind AS kind, EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS timescale
    FROM pg_class c WHERE c.oid = 'public.heartbeats'::regclass`);
  if (row?.kind === 'p') return 'partitioned';
  return row?.timescale ? 'hypertable' : 'table';
}

/**
 * Partitions for the weeks from the longest retention to two weeks ahead, and for any week
 * with rows in the default partition (which move into it): the names added. Each in a
 * transaction of its own that waits for locks no longer than LOCK_TIMEOUT.
 */
export async function prepareHeartbeatPartitions(now = new Date()): Promise<string[]> {
  if ((await heartbeatLayout()) !== 'partitioned') return [];
  const weeks = await db.execute<{ week: string }>(sql`
    SELECT w::text AS week FROM watchpost_heartbeat_weeks_wanted(
      ${now.toISOString()}::timestamptz - make_interval(days => ${LONGEST_RETENTION_DAYS}::int),
      ${now.toISOString()}::timestamptz + make_interval(days => ${AHEAD_DAYS}::int)) AS w`);
  const added: string[] = [];
  for (const { week } of weeks) {
    const name = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`));
      const [row] = await tx.execute<{ name: string | null }>(sql`SELECT watchpost_add_heartbeat_partition(${week}::timestamptz) AS name`);
      return row?.name ?? null;
    });
    if (name) added.push(name);
  }
  return added;
}

/** Drop the weeks every plan's retention has passed (on the partitioned layout: the caller knows it); the number of rows they held. */
export async function dropExpiredHeartbeatPartitions(now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`));
    const rows = await tx.execute<{ row_count: number }>(sql`
      SELECT row_count::float8 AS row_count FROM watchpost_drop_heartbeat_partitions(
        ${now.toISOString()}::timestamptz - make_interval(days => ${LONGEST_RETENTION_DAYS}::int))`);
    return rows.reduce((sum, row) => sum + Number(row.row_count), 0);
  });
}

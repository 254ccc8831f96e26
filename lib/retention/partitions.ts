import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { LONGEST_RETENTION_DAYS } from '@/lib/plans';

// Without TimescaleDB, heartbeats is partitioned by week (drizzle/0037_partitioned_heartbeats.sql).
// The background leader keeps a partition ready for every week from the longest plan's
// retention back to two weeks ahead, splits rows that landed in the default partition into
// their weeks, and drops the weeks that every plan's retention has passed.
//
// Where the pg_partman extension is installed in the database, the leader hands heartbeats
// over to it (once: partman.create_parent, weekly, two weeks made ahead), so that pg_partman
// makes the weeks ahead as it does for the operator's other tables: by its background worker
// where that runs (also while no Watchpost instance does), and by the leader calling
// partman.run_maintenance() every hour. The weeks carry pg_partman's names (drizzle/0039), so
// both find the same partitions and neither makes one twice. The leader still makes the two
// weeks ahead itself: pg_partman stops making weeks ahead behind a later week (the leader
// makes one for a far-future row from the default partition). It also still splits the
// default partition and does retention: pg_partman's retention cannot handle the partition
// that holds a migrated installation's history, which starts at MINVALUE.

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
 * transaction of its own that waits for locks no longer than LOCK_TIMEOUT. Then, where
 * pg_partman is installed, its maintenance (and the names it added).
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
  const partman = await partmanState();
  if (partman) added.push(...(await partmanMaintenance(partman, now)));
  return added;
}

/** Where pg_partman is installed (its schema), and whether it manages heartbeats yet; null without it. */
export async function partmanState(): Promise<{ schema: string; managing: boolean } | null> {
  const [row] = await db.execute<{ schema: string }>(sql`
    SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman'`);
  if (!row) return null;
  const [config] = await db.execute<{ managing: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM ${sql.identifier(row.schema)}.part_config WHERE parent_table = 'public.heartbeats') AS managing`);
  return { schema: row.schema, managing: Boolean(config?.managing) };
}

/**
 * Hand heartbeats over to pg_partman if it does not manage them yet, then run its maintenance
 * for heartbeats: the partitions it added. In UTC, so its weeks start on the Mondays ours do.
 */
async function partmanMaintenance({ schema, managing }: { schema: string; managing: boolean }, now: Date): Promise<string[]> {
  const partman = sql.identifier(schema);
  const partitions = async () => new Set((await db.execute<{ name: string }>(sql`SELECT name FROM watchpost_heartbeat_partitions()`)).map((p) => p.name));
  const before = await partitions();
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`));
    await tx.execute(sql.raw(`SET LOCAL TimeZone = 'UTC'`));
    // Only the background leader runs this, so what partmanState read still holds.
    if (!managing) {
      // create_parent makes its own default partition (when it makes a week): ours goes
      // first, which the split above has just emptied (if rows came meanwhile, the next hour
      // tries again).
      await tx.execute(sql`LOCK TABLE heartbeats_default IN ACCESS EXCLUSIVE MODE`);
      const [waiting] = await tx.execute<{ any: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM heartbeats_default) AS any`);
      if (waiting?.any) return;
      await tx.execute(sql`ALTER TABLE heartbeats DETACH PARTITION heartbeats_default`);
      await tx.execute(sql`DROP TABLE heartbeats_default`);
      // From this week, or from the end of the partition holding now (a migrated
      // installation's history runs into this week): it would refuse to overlap that one.
      await tx.execute(sql`
        SELECT ${partman}.create_parent('public.heartbeats', 'time', 'native', 'weekly',
          p_premake := ${AHEAD_DAYS / 7}::int, p_jobmon := false, p_start_partition := coalesce(
            (SELECT range_to FROM watchpost_heartbeat_partitions() WHERE range_from <= ${now.toISOString()}::timestamptz AND range_to > ${now.toISOString()}::timestamptz),
            date_trunc('week', ${now.toISOString()}::timestamptz))::text)`);
      // It makes the default partition only when it made a week (none, if every week exists).
      await tx.execute(sql`CREATE TABLE IF NOT EXISTS heartbeats_default PARTITION OF heartbeats DEFAULT`);
      // Weeks ahead even while nothing is ingested; no retention by pg_partman (above).
      await tx.execute(sql`UPDATE ${partman}.part_config SET infinite_time_partitions = true, retention = NULL WHERE parent_table = 'public.heartbeats'`);
    }
    await tx.execute(sql`SELECT ${partman}.run_maintenance('public.heartbeats', p_analyze := false, p_jobmon := false)`);
  });
  return [...(await partitions())].filter((name) => !before.has(name));
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

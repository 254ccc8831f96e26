import 'server-only';
import { sqlClient } from '@/db';

// Folds new heartbeats into the hourly and daily rollups. A statement trigger on
// `heartbeats` (drizzle/0010_rollups.sql) appends a mark for each (monitor, hour) that a
// statement wrote, whoever wrote it; each refresh takes a batch of marks and recomputes
// those hours from the raw rows, then the days that hold them from the hours.
//
// Why no row is ever missed: the marks are deleted by one statement and the hours are
// recomputed by the next one, in the same transaction. A mark a statement can delete was
// committed together with its heartbeats before that statement began, so the recount
// (a later snapshot) sees those heartbeats; marks committed meanwhile are invisible to
// the delete and stay for the next refresh. A failed refresh rolls back and leaves its
// marks. Recomputing (not adding) makes a repeated or concurrent mark harmless.

const REFRESH_LOCK_KEY = 727_003;
export interface RefreshResult {
  hours: number;
  days: number;
  /** Whether marks were left for the next refresh. */
  more: boolean;
}

/**
 * One batch of marks. Refreshes are serialized by an advisory lock; without `wait`, a
 * refresh that finds another one running does nothing (it will run again shortly).
 */
export async function refreshRollups({ maxHours = 20_000, wait = false } = {}): Promise<RefreshResult> {
  return sqlClient().begin(async (tx) => {
    if (wait) await tx`SELECT pg_advisory_xact_lock(${REFRESH_LOCK_KEY})`;
    else {
      const [lock] = await tx`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}) AS locked`;
      if (!lock?.locked) return { hours: 0, days: 0, more: false };
    }
    const taken = await tx.unsafe<{ pairs: string | null; more: boolean }[]>(`
      WITH chosen AS (
        SELECT DISTINCT monitor_id, hour FROM (SELECT monitor_id, hour FROM rollup_pending LIMIT $1) s LIMIT $1
      ), gone AS (
        DELETE FROM rollup_pending p USING chosen c WHERE p.monitor_id = c.monitor_id AND p.hour = c.hour
        RETURNING p.monitor_id, p.hour
      )
      SELECT (SELECT json_agg(DISTINCT jsonb_build_object('monitor_id', monitor_id, 'hour', hour))::text FROM gone) AS pairs,
             (SELECT count(*) FROM (SELECT 1 FROM rollup_pending LIMIT $1) s) >= $1 AS more`, [maxHours]);
    const pairs = taken[0]?.pairs;
    if (!pairs) return { hours: 0, days: 0, more: false };

    const hours = await tx.unsafe(`
      INSERT INTO monitor_rollups_hourly AS r (monitor_id, bucket, up_count, down_count, timeout_count, error_count, latency_count, latency_sum, latency_min, latency_max, histogram_buckets, histogram_counts)
      SELECT p.monitor_id, p.hour, a.*
      FROM (SELECT DISTINCT monitor_id, hour FROM jsonb_to_recordset($1::jsonb) AS t(monitor_id uuid, hour timestamptz)) p
      JOIN monitors m ON m.id = p.monitor_id
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(g.up), 0)::int, coalesce(sum(g.down), 0)::int, coalesce(sum(g.timeout), 0)::int, coalesce(sum(g.error), 0)::int,
               coalesce(sum(g.latency_count), 0)::int, coalesce(sum(g.latency_sum), 0)::bigint, min(g.latency_min), max(g.latency_max),
               coalesce(array_agg(g.bucket ORDER BY g.bucket) FILTER (WHERE g.bucket IS NOT NULL), '{}'),
               coalesce(array_agg(g.latency_count ORDER BY g.bucket) FILTER (WHERE g.bucket IS NOT NULL), '{}')
        FROM (
          SELECT CASE WHEN h.status = 'up' AND h.latency_ms IS NOT NULL THEN watchpost_latency_bucket(h.latency_ms) END AS bucket,
                 count(*) FILTER (WHERE h.status = 'up') AS up,
                 count(*) FILTER (WHERE h.status = 'down') AS down,
                 count(*) FILTER (WHERE h.status = 'timeout') AS timeout,
                 count(*) FILTER (WHERE h.status = 'error') AS error,
                 count(h.latency_ms) FILTER (WHERE h.status = 'up')::int AS latency_count,
                 sum(h.latency_ms) FILTER (WHERE h.status = 'up') AS latency_sum,
                 min(h.latency_ms) FILTER (WHERE h.status = 'up') AS latency_min,
                 max(h.latency_ms) FILTER (WHERE h.status = 'up') AS latency_max
          FROM heartbeats h
          WHERE h.monitor_id = p.monitor_id AND h.time >= p.hour AND h.time < p.hour + INTERVAL '1 hour'
          GROUP BY 1
        ) g
      ) a
      ON CONFLICT (monitor_id, bucket) DO UPDATE SET up_count = excluded.up_count, down_count = excluded.down_count, timeout_count = excluded.timeout_count,
        error_count = excluded.error_count, latency_count = excluded.latency_count, latency_sum = excluded.latency_sum,
        latency_min = excluded.latency_min, latency_max = excluded.latency_max,
        histogram_buckets = excluded.histogram_buckets, histogram_counts = excluded.histogram_counts`, [pairs]);

    const days = await tx.unsafe(`
      INSERT INTO monitor_rollups_daily AS r (monitor_id, bucket, up_count, down_count, timeout_count, error_count, latency_count, latency_sum, latency_min, latency_max, histogram_buckets, histogram_counts)
      SELECT d.monitor_id, d.day, s.*, coalesce(hist.buckets, '{}'), coalesce(hist.counts, '{}')
      FROM (
        SELECT DISTINCT monitor_id, date_bin('1 day', hour, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS day
        FROM jsonb_to_recordset($1::jsonb) AS t(monitor_id uuid, hour timestamptz)
      ) d
      JOIN monitors m ON m.id = d.monitor_id
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(up_count), 0)::int, coalesce(sum(down_count), 0)::int, coalesce(sum(timeout_count), 0)::int,
               coalesce(sum(error_count), 0)::int, coalesce(sum(latency_count), 0)::int, coalesce(sum(latency_sum), 0)::bigint,
               min(latency_min), max(latency_max)
        FROM monitor_rollups_hourly h
        WHERE h.monitor_id = d.monitor_id AND h.bucket >= d.day AND h.bucket < d.day + INTERVAL '1 day'
      ) s
      CROSS JOIN LATERAL (
        SELECT array_agg(u.b ORDER BY u.b) AS buckets, array_agg(u.n ORDER BY u.b) AS counts
        FROM (
          SELECT x.b, sum(x.n)::int AS n
          FROM monitor_rollups_hourly h, unnest(h.histogram_buckets, h.histogram_counts) AS x(b, n)
          WHERE h.monitor_id = d.monitor_id AND h.bucket >= d.day AND h.bucket < d.day + INTERVAL '1 day'
          GROUP BY x.b
        ) u
      ) hist
      ON CONFLICT (monitor_id, bucket) DO UPDATE SET up_count = excluded.up_count, down_count = excluded.down_count, timeout_count = excluded.timeout_count,
        error_count = excluded.error_count, latency_count = excluded.latency_count, latency_sum = excluded.latency_sum,
        latency_min = excluded.latency_min, latency_max = excluded.latency_max,
        histogram_buckets = excluded.histogram_buckets, histogram_counts = excluded.histogram_counts`, [pairs]);

    return { hours: hours.count, days: days.count, more: taken[0]!.more };
  });
}

/** Refresh until no marks are left (tests, the benchmark's catch-up, and after a bulk load). */
export async function refreshAllRollups(): Promise<RefreshResult> {
  const total: RefreshResult = { hours: 0, days: 0, more: false };
  for (;;) {
    const step = await refreshRollups({ wait: true });
    total.hours += step.hours;
    total.days += step.days;
    if (!step.more) return total;
  }
}

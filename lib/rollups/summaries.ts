import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { windowStatsSql } from '@/db/queries/timeseries';
import { flatten } from './reads';
import { DAY_MS, tieredRanges } from './windows';

// Each monitor's 24 hours as of a moment (db/schema/rollups.ts monitor_day_summaries): the
// dashboard sorts by uptime and latency with these instead of recounting every matching
// monitor per request. Every row is recomputed from scratch, the same way windowStats
// counts a 24-hour window at that moment (whole hours from the hourly rollups, the ragged
// start from raw heartbeats, maintenance left out), so nothing can drift: whatever wrote the
// rows, maintenance added afterwards, retention and deleted monitors are in the next pass.

/** How often the background leader recomputes them; the dashboard trusts rows younger than SUMMARY_FRESH_MS. */
export const SUMMARIES_EVERY_MS = 30_000;
/** DESIGN.md's 60 s: older rows (the leader away) make the dashboard count the numbers itself. */
export const SUMMARY_FRESH_MS = 60_000;
/** Monitors per statement, so no statement runs long. */
const CHUNK = 2_000;

/** Recompute every monitor's summary as of `now`; how many monitors. */
export async function refreshMonitorSummaries(now = new Date()): Promise<number> {
  const tiers = flatten(tieredRanges(new Date(now.getTime() - DAY_MS), now, { now }));
  let after = '00000000-0000-0000-0000-000000000000';
  let monitors = 0;
  for (;;) {
    const [chunk] = await db.execute<{ last: string | null; n: number }>(sql`
      WITH chunk AS (SELECT id FROM monitors WHERE id > ${after}::uuid ORDER BY id LIMIT ${CHUNK}),
      stats AS (${windowStatsSql(sql`(SELECT id FROM chunk)`, tiers)}),
      written AS (
        INSERT INTO monitor_day_summaries AS s (monitor_id, as_of, up_count, down_count, timeout_count, error_count, latency_count, latency_sum)
        SELECT c.id, ${now.toISOString()}::timestamptz, coalesce(t.up, 0), coalesce(t.down, 0), coalesce(t.timeout, 0), coalesce(t.error, 0),
               coalesce(t.latency_count, 0), coalesce(t.latency_sum, 0)::bigint
        FROM chunk c LEFT JOIN stats t ON t.monitor_id = c.id
        ON CONFLICT (monitor_id) DO UPDATE SET as_of = excluded.as_of, up_count = excluded.up_count, down_count = excluded.down_count,
          timeout_count = excluded.timeout_count, error_count = excluded.error_count, latency_count = excluded.latency_count, latency_sum = excluded.latency_sum
        RETURNING 1)
      SELECT (SELECT max(id::text) FROM chunk) AS last, (SELECT count(*)::int FROM written) AS n`);
    if (!chunk?.last) return monitors;
    monitors += chunk.n;
    after = chunk.last;
  }
}

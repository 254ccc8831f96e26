import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { readDb, readSqlClient } from '@/db';
import { heldDuring } from '@/db/sql/maintenance';

// Every time-series read: uptime counts, latency series and histograms, daily bars, raw
// heartbeat pages and exports. The caller (lib/rollups/reads.ts) splits a window into whole
// UTC days read from the daily rollups, whole hours from the hourly ones, and raw
// heartbeats for the ragged edges (`TierRange`s), so long windows never scan raw rows and
// the answer still equals a recount of the raw rows (within the seconds the rollup refresh
// takes). Every function takes the team and reads only that team's monitors. Checks inside
// maintenance are not counted: the rollups leave them out, and the raw reads here do the same.

export interface TimeRange {
  from: Date;
  to: Date;
}

/** A part of a window and where to read it: raw heartbeats, hourly or daily rollups. */
export interface TierRange extends TimeRange {
  tier: 'raw' | 'hourly' | 'daily';
}

/** Checks by outcome (the same shape as lib/rollups/windows.ts CheckCounts). */
export interface Counts {
  up: number;
  down: number;
  timeout: number;
  error: number;
}

/**
 * Checks by outcome over rows of watchpost_checks() `h` (drizzle/0024: one heartbeat, or one
 * interval's set of location results, is one check), as up, down, timeout, error.
 */
const COUNTED = sql.raw(`count(*) FILTER (WHERE h.counted = 'up') AS up, count(*) FILTER (WHERE h.counted = 'down') AS down,
             count(*) FILTER (WHERE h.counted = 'timeout') AS timeout, count(*) FILTER (WHERE h.counted = 'error') AS error`);

const ORIGIN = sql.raw(`TIMESTAMPTZ '2000-01-01 00:00:00+00'`);
/** Where series steps start (date_bin's origin above), in ms since the epoch. */
export const SERIES_ORIGIN_MS = Date.UTC(2000, 0, 1);

/** The ids among `monitorIds` that belong to the team `teamId`, as a subquery. */
function ownedIds(teamId: string, monitorIds: readonly string[]): SQL {
  return sql`(SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id
    WHERE a.team_id = ${teamId} AND m.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(monitorIds)}::jsonb)))`;
}

/**
 * One monitor's id if it belongs to `teamId` (else NULL, which matches nothing), as a scalar
 * subquery: `monitor_id = (…)` lets the planner use the (monitor_id, time) index for sure.
 */
function ownedId(teamId: string, monitorId: string): SQL {
  return sql`(SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${teamId} AND m.id = ${monitorId})`;
}

/**
 * `h.time` (a raw read's heartbeats) within the span of `ranges`, as constants: with it
 * PostgreSQL prunes the weekly heartbeat partitions while planning. The ranges themselves
 * reach the raw reads as per-row values of a LATERAL join, which it can only prune with at
 * run time, after planning a scan of every partition (measured on PostgreSQL 15 with 57
 * partitions: 31 ms of planning against 5 ms, and 5 ms of execution against 0.8 ms, for one
 * monitor's edge). No ranges: nothing.
 */
export function withinSpan(ranges: readonly TimeRange[]): SQL {
  const from = ranges.length ? new Date(Math.min(...ranges.map((range) => range.from.getTime()))) : new Date(0);
  const to = ranges.length ? new Date(Math.max(...ranges.map((range) => range.to.getTime()))) : new Date(0);
  return sql`h.time >= ${from.toISOString()}::timestamptz AND h.time < ${to.toISOString()}::timestamptz`;
}

const withinRawSpan = (ranges: readonly TierRange[]) => withinSpan(ranges.filter((range) => range.tier === 'raw'));

function rangesJson(ranges: readonly TierRange[]): string {
  return JSON.stringify(ranges.map((range) => ({ tier: range.tier, from: range.from.toISOString(), to: range.to.toISOString() })));
}

export interface WindowStats extends Counts {
  latencyCount: number;
  latencySum: number;
}

/**
 * The statement counting checks (and the sum of up latencies) per monitor of `ids` (a subquery
 * of monitor ids) over `tierRanges`: (monitor_id, up, down, timeout, error, latency_count,
 * latency_sum); monitors without checks are absent.
 */
export function windowStatsSql(ids: SQL, tierRanges: readonly TierRange[]): SQL {
  // Each (range, monitor) pair is a LATERAL subquery, so every read is an index range scan
  // on (monitor_id, time) or (monitor_id, bucket) whatever the planner guesses about the lists.
  return sql`
    WITH ids AS ${ids},
    r AS (SELECT * FROM jsonb_to_recordset(${rangesJson(tierRanges)}::jsonb) AS r(tier text, "from" timestamptz, "to" timestamptz))
    SELECT ids.id AS monitor_id, sum(c.up)::int AS up, sum(c.down)::int AS down, sum(c.timeout)::int AS timeout, sum(c.error)::int AS error,
           sum(c.latency_count)::int AS latency_count, sum(c.latency_sum)::float8 AS latency_sum
    FROM ids CROSS JOIN r
    CROSS JOIN LATERAL (
      SELECT ${COUNTED}, count(h.latency_ms) FILTER (WHERE h.status = 'up') AS latency_count, sum(h.latency_ms) FILTER (WHERE h.status = 'up') AS latency_sum
      FROM ${heldDuring(sql`ids.id`, sql`r."from"`, sql`r."to"`)} mw, watchpost_checks(ids.id, r."from", r."to") h
      WHERE r.tier = 'raw' AND ${withinRawSpan(tierRanges)} AND NOT coalesce(mw.held @> h.time, false)
      UNION ALL
      SELECT sum(up_count), sum(down_count), sum(timeout_count), sum(error_count), sum(latency_count), sum(latency_sum)
      FROM monitor_rollups_hourly h
      WHERE r.tier = 'hourly' AND h.monitor_id = ids.id AND h.bucket >= r."from" AND h.bucket < r."to"
      UNION ALL
      SELECT sum(up_count), sum(down_count), sum(timeout_count), sum(error_count), sum(latency_count), sum(latency_sum)
      FROM monitor_rollups_daily h
      WHERE r.tier = 'daily' AND h.monitor_id = ids.id AND h.bucket >= r."from" AND h.bucket < r."to"
    ) c
    GROUP BY ids.id`;
}

/** A row of windowStatsSql's columns (or the same names from a summary) as WindowStats. */
export function windowStatsOf(row: { up?: number | null; down?: number | null; timeout?: number | null; error?: number | null; latency_count?: number | null; latency_sum?: number | null }): WindowStats {
  return {
    up: row.up ?? 0,
    down: row.down ?? 0,
    timeout: row.timeout ?? 0,
    error: row.error ?? 0,
    latencyCount: row.latency_count ?? 0,
    latencySum: row.latency_sum ?? 0,
  };
}

/** Check counts (and the sum of up latencies) per monitor over `ranges`; monitors without checks are absent. */
export async function windowStatsRows(teamId: string, monitorIds: readonly string[], tierRanges: readonly TierRange[]): Promise<Map<string, WindowStats>> {
  const result = new Map<string, WindowStats>();
  if (monitorIds.length === 0) return result;
  const rows = await readDb.execute<{ monitor_id: string; up: number; down: number; timeout: number; error: number; latency_count: number; latency_sum: number }>(
    windowStatsSql(ownedIds(teamId, monitorIds), tierRanges),
  );
  for (const row of rows) result.set(row.monitor_id, windowStatsOf(row));
  return result;
}

/** The latency histogram of up checks per monitor over `ranges`: (monitor, bucket, checks) rows. */
export async function windowHistogramRows(teamId: string, monitorIds: readonly string[], tierRanges: readonly TierRange[]): Promise<{ monitorId: string; bucket: number; count: number }[]> {
  if (monitorIds.length === 0) return [];
  const ranges = rangesJson(tierRanges);
  const rows = await readDb.execute<{ monitor_id: string; b: number; n: number }>(sql`
    WITH ids AS ${ownedIds(teamId, monitorIds)},
    r AS (SELECT * FROM jsonb_to_recordset(${ranges}::jsonb) AS r(tier text, "from" timestamptz, "to" timestamptz))
    SELECT ids.id AS monitor_id, x.b, sum(x.n)::int AS n
    FROM ids CROSS JOIN r
    CROSS JOIN LATERAL (
      SELECT watchpost_latency_bucket(h.latency_ms) AS b, count(*) AS n
      FROM ${heldDuring(sql`ids.id`, sql`r."from"`, sql`r."to"`)} mw, watchpost_checks(ids.id, r."from", r."to") h
      WHERE r.tier = 'raw' AND ${withinRawSpan(tierRanges)} AND h.status = 'up' AND h.latency_ms IS NOT NULL AND NOT coalesce(mw.held @> h.time, false)
      GROUP BY 1
      UNION ALL
      SELECT u.b, sum(u.n) FROM monitor_rollups_hourly h, unnest(h.histogram_buckets, h.histogram_counts) AS u(b, n)
      WHERE r.tier = 'hourly' AND h.monitor_id = ids.id AND h.bucket >= r."from" AND h.bucket < r."to"
      GROUP BY 1
      UNION ALL
      SELECT u.b, sum(u.n) FROM monitor_rollups_daily h, unnest(h.histogram_buckets, h.histogram_counts) AS u(b, n)
      WHERE r.tier = 'daily' AND h.monitor_id = ids.id AND h.bucket >= r."from" AND h.bucket < r."to"
      GROUP BY 1
    ) x
    GROUP BY ids.id, x.b`);
  return rows.map((row) => ({ monitorId: row.monitor_id, bucket: row.b, count: row.n }));
}

/** Checks per hour over [from, to), summed over the monitors (hourly rollups): a report's days are made of them. */
export async function scopeHourRows(teamId: string, monitorIds: readonly string[], range: TimeRange): Promise<(Counts & { hour: number })[]> {
  if (monitorIds.length === 0) return [];
  const rows = await readDb.execute<{ hour: number; up: number; down: number; timeout: number; error: number }>(sql`
    SELECT (extract(epoch FROM h.bucket) * 1000)::float8 AS hour,
           sum(h.up_count)::int AS up, sum(h.down_count)::int AS down, sum(h.timeout_count)::int AS timeout, sum(h.error_count)::int AS error
    FROM monitor_rollups_hourly h
    WHERE h.monitor_id IN ${ownedIds(teamId, monitorIds)} AND h.bucket >= ${range.from.toISOString()}::timestamptz AND h.bucket < ${range.to.toISOString()}::timestamptz
    GROUP BY h.bucket`);
  return rows.map((row) => ({ ...row, hour: Number(row.hour) }));
}

/** One step's checks of one outcome mix and one latency bucket (`bucket` null: counts only). */
export interface SeriesRow extends Counts {
  /** the step's start, ms since the epoch (steps start at SERIES_ORIGIN_MS) */
  time: number;
  bucket: number | null;
  /** up checks in `bucket` */
  count: number;
}

/**
 * One monitor's checks over `ranges` in steps of `step` ms: per step the check counts and
 * the latency histogram buckets of its up checks. Steps without checks are absent; another
 * team's monitor has none.
 */
export async function seriesRows(teamId: string, monitorId: string, tierRanges: readonly TierRange[], step: number): Promise<SeriesRow[]> {
  const ranges = rangesJson(tierRanges);
  const stepInterval = sql`make_interval(secs => ${step / 1000})`;
  const monitor = ownedId(teamId, monitorId);
  const rows = await readDb.execute<{ t: string; up: number; down: number; timeout: number; error: number; b: number | null; n: number }>(sql`
    WITH r AS (SELECT * FROM jsonb_to_recordset(${ranges}::jsonb) AS r(tier text, "from" timestamptz, "to" timestamptz))
    SELECT (extract(epoch FROM x.t) * 1000)::float8 AS t, sum(x.up)::int AS up, sum(x.down)::int AS down, sum(x.timeout)::int AS timeout,
           sum(x.error)::int AS error, x.b, sum(x.n)::int AS n
    FROM r CROSS JOIN LATERAL (
      SELECT date_bin(${stepInterval}, h.time, ${ORIGIN}) AS t, ${COUNTED},
             CASE WHEN h.status = 'up' AND h.latency_ms IS NOT NULL THEN watchpost_latency_bucket(h.latency_ms) END AS b,
             count(*) FILTER (WHERE h.status = 'up' AND h.latency_ms IS NOT NULL) AS n
      FROM ${heldDuring(monitor, sql`r."from"`, sql`r."to"`)} mw, watchpost_checks(${monitor}, r."from", r."to") h
      WHERE r.tier = 'raw' AND ${withinRawSpan(tierRanges)} AND NOT coalesce(mw.held @> h.time, false)
      GROUP BY 1, 6
      UNION ALL
      SELECT date_bin(${stepInterval}, h.bucket, ${ORIGIN}), sum(up_count), sum(down_count), sum(timeout_count), sum(error_count), NULL::smallint, 0
      FROM monitor_rollups_hourly h
      WHERE r.tier = 'hourly' AND h.monitor_id = ${monitor} AND h.bucket >= r."from" AND h.bucket < r."to"
      GROUP BY 1
      UNION ALL
      SELECT date_bin(${stepInterval}, h.bucket, ${ORIGIN}), 0, 0, 0, 0, u.b, sum(u.n)
      FROM monitor_rollups_hourly h, unnest(h.histogram_buckets, h.histogram_counts) AS u(b, n)
      WHERE r.tier = 'hourly' AND h.monitor_id = ${monitor} AND h.bucket >= r."from" AND h.bucket < r."to"
      GROUP BY 1, 6
      UNION ALL
      SELECT date_bin(${stepInterval}, h.bucket, ${ORIGIN}), sum(up_count), sum(down_count), sum(timeout_count), sum(error_count), NULL::smallint, 0
      FROM monitor_rollups_daily h
      WHERE r.tier = 'daily' AND h.monitor_id = ${monitor} AND h.bucket >= r."from" AND h.bucket < r."to"
      GROUP BY 1
      UNION ALL
      SELECT date_bin(${stepInterval}, h.bucket, ${ORIGIN}), 0, 0, 0, 0, u.b, sum(u.n)
      FROM monitor_rollups_daily h, unnest(h.histogram_buckets, h.histogram_counts) AS u(b, n)
      WHERE r.tier = 'daily' AND h.monitor_id = ${monitor} AND h.bucket >= r."from" AND h.bucket < r."to"
      GROUP BY 1, 6
    ) x
    GROUP BY x.t, x.b
    ORDER BY x.t`);
  return rows.map((row) => ({ time: Number(row.t), up: row.up, down: row.down, timeout: row.timeout, error: row.error, bucket: row.b, count: row.n }));
}

export interface DayBar extends Counts {
  /** The day in the viewer's time zone, YYYY-MM-DD. */
  day: string;
  downtimeSeconds: number;
  incidents: number;
  /** Time under maintenance that day (until now); it is not downtime. */
  maintenanceSeconds: number;
}

/**
 * One bar per day for the last `days` days in `timeZone` (today included), oldest first:
 * checks from the hourly rollups and the overlap of the day with the monitor's incidents
 * (minus its maintenance).
 * A day's hours are those starting in it (in a zone whose offset is not whole hours, the
 * hour that straddles midnight counts for the day it starts in).
 */
export async function dailyBars(teamId: string, monitorId: string, timeZone: string, days = 90, now = new Date()): Promise<DayBar[]> {
  const rows = await readDb.execute<{ day: string; up: number; down: number; timeout: number; error: number; downtime: number; incidents: number; held: number }>(sql`
    WITH ids AS (SELECT ${ownedId(teamId, monitorId)} AS id),
    days AS (
      SELECT d::date AS day, (d::date::timestamp AT TIME ZONE ${timeZone}) AS day_start, ((d::date + 1)::timestamp AT TIME ZONE ${timeZone}) AS day_end
      FROM generate_series((${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone})::date - ${days - 1}::int,
                           (${now.toISOString()}::timestamptz AT TIME ZONE ${timeZone})::date, INTERVAL '1 day') AS d
    ),
    checks AS (
      SELECT h.bucket AS t, h.up_count AS up, h.down_count AS down, h.timeout_count AS timeout, h.error_count AS error
      FROM monitor_rollups_hourly h
      WHERE h.monitor_id = (SELECT id FROM ids) AND h.bucket >= (SELECT min(day_start) FROM days) AND h.bucket < (SELECT max(day_end) FROM days)
    )
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
           coalesce(c.up, 0)::int AS up, coalesce(c.down, 0)::int AS down, coalesce(c.timeout, 0)::int AS timeout, coalesce(c.error, 0)::int AS error,
           t.downtime::int AS downtime, coalesce(i.incidents, 0)::int AS incidents, t.held::int AS held
    FROM days d
    LEFT JOIN LATERAL (
      SELECT sum(up) AS up, sum(down) AS down, sum(timeout) AS timeout, sum(error) AS error
      FROM checks WHERE t >= d.day_start AND t < d.day_end
    ) c ON true
    LEFT JOIN LATERAL ${heldDuring(sql`(SELECT id FROM ids)`, sql`d.day_start`, sql`least(d.day_end, ${now.toISOString()}::timestamptz)`)} mw ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS incidents,
             range_agg(tstzrange(greatest(x.started_at, d.day_start), least(coalesce(x.resolved_at, ${now.toISOString()}::timestamptz), d.day_end))) AS down
      FROM incidents x
      WHERE x.monitor_id IN (SELECT id FROM ids) AND x.started_at < d.day_end AND coalesce(x.resolved_at, ${now.toISOString()}::timestamptz) > d.day_start
    ) i ON true
    -- Downtime is the incidents minus maintenance; maintenance is counted within the day, up to now.
    CROSS JOIN LATERAL (
      SELECT (SELECT coalesce(round(sum(extract(epoch FROM upper(s) - lower(s)))), 0) FROM unnest(i.down - coalesce(mw.held, '{}')) s) AS downtime,
             (SELECT coalesce(round(sum(extract(epoch FROM least(upper(s), d.day_end, ${now.toISOString()}::timestamptz) - greatest(lower(s), d.day_start)))), 0)
                FROM unnest(coalesce(mw.held, '{}')) s WHERE lower(s) < least(d.day_end, ${now.toISOString()}::timestamptz) AND upper(s) > d.day_start) AS held
    ) t
    ORDER BY d.day`);
  return rows.map((row) => ({
    day: row.day,
    up: row.up,
    down: row.down,
    timeout: row.timeout,
    error: row.error,
    downtimeSeconds: row.downtime,
    incidents: row.incidents,
    maintenanceSeconds: row.held,
  }));
}

export interface HeartbeatRow {
  time: Date;
  status: string;
  latencyMs: number | null;
  errorMessage: string | null;
  /** The agent (location) that checked; null if it was deleted. */
  location: string | null;
}

/** What the heartbeat reads below select, and how a row of it reads. */
type StoredHeartbeat = { t: number; status: string; latency_ms: number | null; error_message: string | null; location: string | null };
const HEARTBEAT_COLUMNS = sql`(extract(epoch FROM h.time) * 1000)::float8 AS t, h.status, h.latency_ms, h.error_message,
  (SELECT la.name FROM agents la WHERE la.id = h.agent_id) AS location`;
const toHeartbeatRow = (row: StoredHeartbeat): HeartbeatRow => ({ time: new Date(row.t), status: row.status, latencyMs: row.latency_ms, errorMessage: row.error_message, location: row.location });

/** A page of a monitor's heartbeats, newest first, older than `before` (keyset pagination by time). */
export async function heartbeatPage(teamId: string, monitorId: string, { before, limit = 50 }: { before?: Date; limit?: number } = {}): Promise<HeartbeatRow[]> {
  const rows = await readDb.execute<StoredHeartbeat>(sql`
    SELECT ${HEARTBEAT_COLUMNS}
    FROM heartbeats h
    WHERE h.monitor_id = ${ownedId(teamId, monitorId)} ${before ? sql`AND h.time < ${before.toISOString()}::timestamptz` : sql``}
    ORDER BY h.time DESC
    LIMIT ${limit}`);
  return rows.map(toHeartbeatRow);
}

/** Heartbeats of [from, to) in time order, for the incident page (bounded). */
export async function heartbeatsBetween(teamId: string, monitorId: string, window: TimeRange, limit = 2000): Promise<HeartbeatRow[]> {
  const rows = await readDb.execute<StoredHeartbeat>(sql`
    SELECT ${HEARTBEAT_COLUMNS}
    FROM heartbeats h
    WHERE h.monitor_id = ${ownedId(teamId, monitorId)} AND h.time >= ${window.from.toISOString()}::timestamptz AND h.time < ${window.to.toISOString()}::timestamptz
    ORDER BY h.time
    LIMIT ${limit}`);
  return rows.map(toHeartbeatRow);
}

/** The failing checks' error messages in a window, most frequent first. */
export async function errorGroups(teamId: string, monitorId: string, window: TimeRange): Promise<{ message: string; count: number; status: string }[]> {
  const rows = await readDb.execute<{ message: string; count: number; status: string }>(sql`
    SELECT coalesce(h.error_message, '(no message)') AS message, h.status, count(*)::int AS count
    FROM heartbeats h
    WHERE h.monitor_id = ${ownedId(teamId, monitorId)} AND h.status <> 'up'
      AND h.time >= ${window.from.toISOString()}::timestamptz AND h.time < ${window.to.toISOString()}::timestamptz
    GROUP BY 1, 2
    ORDER BY count DESC, message
    LIMIT 50`);
  return [...rows];
}

/** Hourly mean latency of up checks over the last 24 h, per monitor: the dashboard's sparklines. */
export async function latencySparklines(teamId: string, monitorIds: readonly string[], now = new Date()): Promise<Map<string, (number | null)[]>> {
  const result = new Map<string, (number | null)[]>(monitorIds.map((id) => [id, Array<number | null>(24).fill(null)]));
  if (monitorIds.length === 0) return result;
  const first = Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 23 * 3_600_000;
  const rows = await readDb.execute<{ monitor_id: string; t: number; mean: number | null }>(sql`
    SELECT h.monitor_id, (extract(epoch FROM h.bucket) * 1000)::float8 AS t, (h.latency_sum::float8 / nullif(h.latency_count, 0)) AS mean
    FROM monitor_rollups_hourly h
    WHERE h.monitor_id IN ${ownedIds(teamId, monitorIds)} AND h.bucket >= ${new Date(first).toISOString()}::timestamptz`);
  for (const row of rows) {
    const index = Math.round((Number(row.t) - first) / 3_600_000);
    const line = result.get(row.monitor_id);
    if (line && index >= 0 && index < 24 && row.mean !== null) line[index] = Math.round(row.mean * 10) / 10;
  }
  return result;
}

/** An exported heartbeat: also whether it fell in a degraded period. */
export interface ExportedHeartbeat extends HeartbeatRow {
  degraded: boolean;
}

/**
 * A monitor's heartbeats in [from, to), oldest first, read through a cursor in pages of
 * 1,000 rows so an export of any size never sits in memory. Another user's monitor yields none.
 */
export async function* heartbeatRows(teamId: string, monitorId: string, window: TimeRange): AsyncGenerator<ExportedHeartbeat[]> {
  const cursor = readSqlClient()<(StoredHeartbeat & { degraded: boolean })[]>`
    SELECT (extract(epoch FROM h.time) * 1000)::float8 AS t, h.status, h.latency_ms, h.error_message, la.name AS location,
           EXISTS (SELECT 1 FROM degraded_periods p WHERE p.monitor_id = h.monitor_id AND p.started_at <= h.time AND coalesce(p.ended_at, 'infinity') > h.time) AS degraded
    FROM heartbeats h LEFT JOIN agents la ON la.id = h.agent_id
    WHERE h.monitor_id = (SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${teamId} AND m.id = ${monitorId})
      AND h.time >= ${window.from.toISOString()}::timestamptz AND h.time < ${window.to.toISOString()}::timestamptz
    ORDER BY h.time`.cursor(1000);
  for await (const rows of cursor) {
    yield rows.map((row) => ({ ...toHeartbeatRow(row), degraded: row.degraded }));
  }
}

/** The API's page of heartbeats: newest first, `limit + 1` older than `before` (PostgreSQL's text of a time: microseconds kept). */
export async function heartbeatsBefore(teamId: string, monitorId: string, page: { limit: number; before: string | null }): Promise<(HeartbeatRow & { position: string })[]> {
  const rows = await readDb.execute<StoredHeartbeat & { position: string }>(sql`
    SELECT ${HEARTBEAT_COLUMNS}, h.time::text AS position
    FROM heartbeats h
    WHERE h.monitor_id = ${ownedId(teamId, monitorId)} ${page.before ? sql`AND h.time < ${page.before}::timestamptz` : sql``}
    ORDER BY h.time DESC
    LIMIT ${page.limit + 1}`);
  return rows.map((row) => ({ ...toHeartbeatRow(row), position: row.position }));
}

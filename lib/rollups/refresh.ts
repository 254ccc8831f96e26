import 'server-only';
import { sqlClient } from '@/db';

// Folds new heartbeats into the hourly and daily rollups. A statement trigger on
// `heartbeats` (drizzle/0041_rollup_marks_per_statement.sql) appends one mark per statement
// that wrote heartbeats, whoever wrote them: every (monitor, hour) it wrote, with the
// earliest time it wrote there. Each refresh takes the oldest marks (up to `maxMarked`
// pairs in all, so a steady stream of batches is taken in one pass; a bulk mark, of more
// than `bulkMark` pairs, on its own), merges their pairs, brings up to `maxHours` of those
// hours up to date (the oldest marks' first), puts the pairs beyond that back in marks of
// `maxHours` pairs (the first at the head of the queue), then brings the days that hold them
// up to date. So a mark of millions of pairs (one statement loading history, a long
// maintenance window marked for recount, marks merged by a migration) is rewritten once, not
// once a pass: each later pass takes one of its pieces alone. It says `more` when marks are
// left. Every mark of an hour it takes goes at once: an hour written by 40 batches since the
// last refresh costs one update and one day's, not 40. (A smaller `maxHours`, 2,000, to keep
// each transaction short was measured and is worse: under steady ingest every monitor is
// marked again before the pairs put back are reached, so the leader refreshed back to back,
// 120 passes instead of 7, each upserting hours that had gained a row or two.)
//
// An hour is brought up to date in one of two ways. Its rollup remembers the newest time
// it counted (counted_until). If every mark taken for it is later than that, the hour gets
// only the rows after counted_until added (the common case: checks arriving in time order,
// so a busy current hour is never re-read); otherwise (a late row, an UPDATE, no rollup yet)
// the hour is recounted from all its raw rows. A day is the sum of its hours: one that had
// only one hour added to gets the same counts added (at real cadence, a refresh's one new
// check per monitor: 8,000 such days in ~100 ms, where recounting them from 22 hours each
// took 455 ms); any other day (an hour recounted, two hours added, no row) is recounted
// from its hours.
//
// Why no row is ever missed or counted twice: the marks are deleted by one statement and
// the hours counted by later ones, in the same transaction. A mark that statement can
// delete was committed together with its heartbeats before it began, so the counting
// (later snapshots) sees those heartbeats; marks committed meanwhile are invisible to the
// delete and stay for the next refresh. A row counted by an addition but whose mark stayed
// behind is not later than the new counted_until, so its mark makes the next refresh recount
// the hour rather than add it again. The pairs put back keep their earliest time, and their
// hours are not touched in this pass. A failed refresh rolls back and leaves its marks.

const REFRESH_LOCK_KEY = 727_003;

export interface RefreshResult {
  hours: number;
  days: number;
  /** Whether marks were left for the next refresh. */
  more: boolean;
}

interface TakenHour {
  monitor_id: string;
  hour: string;
  /** Set when only the rows after it need adding. */
  since: string | null;
  /** The monitor has several locations: its checks are judged by watchpost_checks(). */
  slots: boolean;
}

/**
 * One batch of marked hours. Refreshes are serialized by an advisory lock; without `wait`, a
 * refresh that finds another one running does nothing (it will run again shortly).
 */
export async function refreshRollups({ maxHours = 20_000, maxMarked = 1_000_000, bulkMark = 5_000, wait = false } = {}): Promise<RefreshResult> {
  return sqlClient().begin(async (tx) => {
    if (wait) await tx`SELECT pg_advisory_xact_lock(${REFRESH_LOCK_KEY})`;
    else {
      const [lock] = await tx`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}) AS locked`;
      if (!lock?.locked) return { hours: 0, days: 0, more: false };
    }
    const [taken] = await tx.unsafe<{ hours: string | null; more: boolean }[]>(
      `
      WITH queue AS MATERIALIZED (
        SELECT id, pairs, sum(pairs) OVER w - pairs AS before, count(*) FILTER (WHERE pairs > $3) OVER w AS bulk_so_far
        FROM rollup_pending WINDOW w AS (ORDER BY id)
      ), chosen AS (
        -- A bulk load's mark (over bulkMark pairs) alone, when it is first; else the marks before one.
        SELECT id FROM queue WHERE before < $2 AND (bulk_so_far = 0 OR (before = 0 AND pairs > $3))
      ), gone AS (
        DELETE FROM rollup_pending p USING chosen c WHERE p.id = c.id
        RETURNING p.id, p.monitor_ids, p.hours, p.earliest, p.marked_at
      ), merged AS MATERIALIZED (
        SELECT u.monitor_id, u.hour, min(u.earliest) AS earliest,
               row_number() OVER (ORDER BY min(gone.id), u.hour, u.monitor_id) AS n
        FROM gone, unnest(gone.monitor_ids, gone.hours, gone.earliest) AS u(monitor_id, hour, earliest)
        GROUP BY 1, 2
      ), put_back AS (
        -- In pieces of maxHours pairs, the first in the queue again (the oldest taken mark's
        -- id): the next refresh takes it before newer marks, with whatever newer marks it
        -- merges into it.
        INSERT INTO rollup_pending (id, monitor_ids, hours, earliest, pairs, marked_at)
        SELECT CASE WHEN piece = 0 THEN (SELECT min(id) FROM gone) ELSE nextval('rollup_pending_id_seq') END,
               array_agg(monitor_id ORDER BY n), array_agg(hour ORDER BY n), array_agg(earliest ORDER BY n), count(*),
               (SELECT min(marked_at) FROM gone)
        FROM (SELECT *, (n - $1 - 1) / $1 AS piece FROM merged WHERE n > $1) rest
        GROUP BY piece
        RETURNING id
      ), marked AS (
        SELECT monitor_id, hour, earliest FROM merged WHERE n <= $1
      )
      SELECT (
        SELECT json_agg(json_build_object(
          'monitor_id', k.monitor_id, 'hour', k.hour,
          'since', CASE WHEN r.counted_until IS NOT NULL AND k.earliest > r.counted_until THEN r.counted_until END,
          'slots', (SELECT m.location_count > 1 FROM monitors m WHERE m.id = k.monitor_id)))::text
        FROM marked k LEFT JOIN monitor_rollups_hourly r ON r.monitor_id = k.monitor_id AND r.bucket = k.hour
      ) AS hours,
      EXISTS (SELECT 1 FROM put_back) OR (SELECT count(*) FROM queue) > (SELECT count(*) FROM chosen) AS more`,
      [maxHours, maxMarked, bulkMark],
    );
    if (!taken?.hours) return { hours: 0, days: 0, more: false };
    const hours = JSON.parse(taken.hours) as TakenHour[];
    // Both hourly statements count with COUNT_HOUR (a constant) over pairs (monitor_id, hour, since, slots).

    // Add the rows after counted_until to hours that have only those, and the same counts to
    // their days, so a day that is the sum of its hours stays so (plain UPDATEs: the rows
    // exist). What could not be added (an hour whose row is gone, a day that gains several
    // hours in this pass or has no row) is recounted below.
    const [added] = await tx.unsafe<{ hours: string | null; days: string | null; added_days: number }[]>(
      `
      WITH counted AS MATERIALIZED (
        SELECT *, count(*) OVER (PARTITION BY monitor_id, day) AS hours_of_day
        FROM (
          SELECT p.monitor_id, p.hour, p.slots, date_bin('1 day', p.hour, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS day, a.*
          FROM jsonb_to_recordset($1::jsonb) AS p(monitor_id uuid, hour timestamptz, since timestamptz, slots boolean)
          JOIN monitors m ON m.id = p.monitor_id
          CROSS JOIN LATERAL (${COUNT_HOUR}) a(${COUNTS}, counted_until)
        ) x
      ), hours AS (
        UPDATE monitor_rollups_hourly r SET ${addCounts('c')}, counted_until = greatest(r.counted_until, c.counted_until)
        FROM counted c WHERE r.monitor_id = c.monitor_id AND r.bucket = c.hour
        RETURNING r.monitor_id, r.bucket
      ), days AS (
        UPDATE monitor_rollups_daily r SET ${addCounts('c')}
        FROM counted c JOIN hours h ON h.monitor_id = c.monitor_id AND h.bucket = c.hour
        WHERE c.hours_of_day = 1 AND r.monitor_id = c.monitor_id AND r.bucket = c.day
        RETURNING r.monitor_id, r.bucket
      )
      SELECT (SELECT json_agg(json_build_object('monitor_id', c.monitor_id, 'hour', c.hour, 'since', NULL, 'slots', c.slots))::text
              FROM counted c WHERE NOT EXISTS (SELECT 1 FROM hours h WHERE h.monitor_id = c.monitor_id AND h.bucket = c.hour)) AS hours,
             (SELECT json_agg(json_build_object('monitor_id', c.monitor_id, 'hour', c.hour))::text
              FROM counted c WHERE NOT EXISTS (SELECT 1 FROM days d WHERE d.monitor_id = c.monitor_id AND d.bucket = c.day)) AS days,
             (SELECT count(*)::int FROM days) AS added_days`,
      [JSON.stringify(hours.filter((h) => h.since !== null))],
    );
    const parsed = <T>(json: string | null | undefined): T[] => (json ? (JSON.parse(json) as T[]) : []);
    const recounted = [...hours.filter((h) => h.since === null), ...parsed<TakenHour>(added?.hours)];

    // Recount whole hours.
    await tx.unsafe(
      `
      INSERT INTO monitor_rollups_hourly AS r (monitor_id, bucket, ${COUNTS}, counted_until)
      SELECT p.monitor_id, p.hour, a.*
      FROM jsonb_to_recordset($1::jsonb) AS p(monitor_id uuid, hour timestamptz, since timestamptz, slots boolean)
      JOIN monitors m ON m.id = p.monitor_id
      CROSS JOIN LATERAL (${COUNT_HOUR}) a
      ON CONFLICT (monitor_id, bucket) DO UPDATE SET ${REPLACE_COUNTS}, counted_until = excluded.counted_until`,
      [JSON.stringify(recounted)],
    );

    // The days of the hours recounted, and of those added whose day was not: from their hours.
    const days = await tx.unsafe(
      `
      INSERT INTO monitor_rollups_daily AS r (monitor_id, bucket, ${COUNTS})
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
      ON CONFLICT (monitor_id, bucket) DO UPDATE SET ${REPLACE_COUNTS}`,
      [JSON.stringify([...recounted, ...parsed<TakenHour>(added?.days)])],
    );

    return { hours: hours.length, days: days.count + (added?.added_days ?? 0), more: taken.more };
  });
}

/** The counts of a rollup row (hourly or daily) after its (monitor_id, bucket), in COUNT_HOUR's order (an hour's then has counted_until). */
const COUNT_COLUMNS = ['up_count', 'down_count', 'timeout_count', 'error_count', 'latency_count', 'latency_sum', 'latency_min', 'latency_max', 'histogram_buckets', 'histogram_counts'];
const COUNTS = COUNT_COLUMNS.join(', ');

/** SET clauses replacing a rollup row's counts with those of the row it conflicted with (a recount). */
const REPLACE_COUNTS = COUNT_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ');

/** SET clauses adding the counts of `delta` to the rollup row `r` (hourly or daily): the checks, latency figures and histograms. */
const addCounts = (delta: string) => `
  up_count = r.up_count + ${delta}.up_count, down_count = r.down_count + ${delta}.down_count,
  timeout_count = r.timeout_count + ${delta}.timeout_count, error_count = r.error_count + ${delta}.error_count,
  latency_count = r.latency_count + ${delta}.latency_count, latency_sum = r.latency_sum + ${delta}.latency_sum,
  latency_min = least(r.latency_min, ${delta}.latency_min), latency_max = greatest(r.latency_max, ${delta}.latency_max),
  histogram_buckets = (SELECT coalesce(array_agg(b ORDER BY b), '{}') FROM (
    SELECT b FROM unnest(r.histogram_buckets || ${delta}.histogram_buckets) AS b GROUP BY b) x),
  histogram_counts = (SELECT coalesce(array_agg(n ORDER BY b), '{}') FROM (
    SELECT b, sum(n)::int AS n FROM unnest(r.histogram_buckets || ${delta}.histogram_buckets, r.histogram_counts || ${delta}.histogram_counts) AS u(b, n)
    GROUP BY b) x)`;

/**
 * The counts of one hour's checks, leaving out those inside the monitor's maintenance (a
 * change of maintenance marks the hours it touches), in the column order of the rollup
 * tables: by outcome, the up checks' latency figures and sparse histogram, and the newest
 * time counted. A check is what watchpost_checks() says (drizzle/0024): one heartbeat, or
 * one interval's set of location results.
 *
 * With `p.since` (every row up to it is counted already, none older has come since) it is
 * what to add: the latency of the rows after it, and the checks of the interval slots from
 * the one holding `since` on, minus that slot's checks as they were counted then (its rows
 * up to `since`). With one location that is exactly the rows after `since`; with several, a
 * slot whose results came in two refreshes is judged once on all of them.
 */
const COUNT_HOUR = `
  SELECT coalesce(sum(g.up), 0)::int, coalesce(sum(g.down), 0)::int, coalesce(sum(g.timeout), 0)::int, coalesce(sum(g.error), 0)::int,
         coalesce(sum(g.latency_count), 0)::int, coalesce(sum(g.latency_sum), 0)::bigint, min(g.latency_min), max(g.latency_max),
         coalesce(array_agg(g.bucket ORDER BY g.bucket) FILTER (WHERE g.bucket IS NOT NULL), '{}'),
         coalesce(array_agg(g.latency_count ORDER BY g.bucket) FILTER (WHERE g.bucket IS NOT NULL), '{}'),
         max(g.newest)
  FROM (
    SELECT CASE WHEN h.latency THEN watchpost_latency_bucket(h.latency_ms) END AS bucket,
           sum(h.sign) FILTER (WHERE h.counted = 'up') AS up,
           sum(h.sign) FILTER (WHERE h.counted = 'down') AS down,
           sum(h.sign) FILTER (WHERE h.counted = 'timeout') AS timeout,
           sum(h.sign) FILTER (WHERE h.counted = 'error') AS error,
           count(*) FILTER (WHERE h.latency)::int AS latency_count,
           sum(h.latency_ms) FILTER (WHERE h.latency) AS latency_sum,
           min(h.latency_ms) FILTER (WHERE h.latency) AS latency_min,
           max(h.latency_ms) FILTER (WHERE h.latency) AS latency_max,
           max(h.time) AS newest
    -- With several locations, where to read from: the hour's start (a recount), or the slot
    -- holding \`since\` (not before the hour, where the hour's count cut it).
    FROM (
      SELECT CASE WHEN p.since IS NULL THEN p.hour
                  ELSE greatest(p.hour, date_bin(make_interval(secs => coalesce(m.interval_seconds, 30)), p.since, TIMESTAMPTZ '2000-01-01 00:00:00+00')) END AS start
    ) slot
    CROSS JOIN LATERAL (
      -- One location: each heartbeat is its own check (what watchpost_checks() says of it),
      -- read straight from the index on (monitor_id, time), as the hot path of every refresh.
      SELECT c.time, c.latency_ms, c.status AS counted, 1 AS sign,
             c.status = 'up' AND c.latency_ms IS NOT NULL AS latency
      FROM heartbeats c
      WHERE NOT p.slots AND c.monitor_id = p.monitor_id AND c.time >= p.hour AND c.time < p.hour + INTERVAL '1 hour'
        -- A bound of the index scan ("since IS NULL OR time > since" was a filter): an addition
        -- reads the hour's new rows only, not every row of the hour so far.
        AND c.time > coalesce(p.since, '-infinity')
      UNION ALL
      SELECT c.time, c.latency_ms, c.counted, 1 AS sign,
             c.status = 'up' AND c.latency_ms IS NOT NULL AND (p.since IS NULL OR c.time > p.since) AS latency
      FROM watchpost_checks(p.monitor_id, slot.start, p.hour + INTERVAL '1 hour') c
      WHERE p.slots
      UNION ALL
      SELECT c.time, NULL, c.counted, -1, false
      FROM watchpost_checks(p.monitor_id, slot.start, p.since + INTERVAL '1 microsecond') c
      WHERE p.slots AND p.since IS NOT NULL AND c.counted IS NOT NULL
    ) h
    -- The monitor's maintenance in this hour: checks inside it are not counted (DESIGN.md).
    CROSS JOIN (
      SELECT range_agg(tstzrange(o.starts_at, o.ends_at)) AS ranges
      FROM maintenance_window_monitors wm JOIN maintenance_occurrences o ON o.window_id = wm.window_id
      WHERE wm.monitor_id = p.monitor_id AND o.starts_at < p.hour + INTERVAL '1 hour' AND o.ends_at > p.hour
    ) mw
    WHERE mw.ranges IS NULL OR NOT mw.ranges @> h.time
    GROUP BY 1
  ) g`;

/** Refresh until no marks are left (tests, and after a bulk load). */
export async function refreshAllRollups(): Promise<RefreshResult> {
  const total: RefreshResult = { hours: 0, days: 0, more: false };
  for (;;) {
    const step = await refreshRollups({ wait: true });
    total.hours += step.hours;
    total.days += step.days;
    if (!step.more) return total;
  }
}

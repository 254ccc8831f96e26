import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { readDb } from '@/db';
import { monitorInMaintenance } from '@/db/sql/maintenance';
import { type WindowStats, windowStatsOf } from './timeseries';

// The signed-in home: how many monitors are in each state, and the monitor list with
// search, filters, sorting and server-side pages.

export const DISPLAY_STATUSES = ['down', 'pending', 'partial', 'degraded', 'maintenance', 'stale', 'unknown', 'up', 'paused'] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];
export const DASHBOARD_SORTS = ['name', 'status', 'uptime', 'latency'] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];
export const PAGE_SIZE = 50;

/** The live locations of monitor `m` (its agents seen within 3 × pollSeconds), and how many of them are down. */
const liveLocations = (pollSeconds: number) => sql`(
  SELECT count(*) FILTER (WHERE x.live)::int AS live, count(*) FILTER (WHERE x.live AND x.status = 'down')::int AS down
  FROM (
    SELECT coalesce(la.last_seen_at > now() - make_interval(secs => ${pollSeconds * 3}), false) AS live, s.status
    FROM (SELECT m.agent_id AS agent_id UNION ALL SELECT l.agent_id FROM monitor_locations l WHERE l.monitor_id = m.id) loc
    JOIN agents la ON la.id = loc.agent_id
    LEFT JOIN location_states s ON s.monitor_id = m.id AND s.agent_id = loc.agent_id
  ) x)`;

/**
 * What a person sees: paused while disabled; maintenance while a window covers it; stale while its agent is offline (it is not
 * known to be up, whatever it last said), or with several locations while fewer are live than the quorum needs; partial
 * while some of its locations are down but fewer than the quorum; degraded while up but slow; otherwise what the status
 * machine says.
 */
export const displayStatus = (pollSeconds: number) => sql<DisplayStatus>`CASE
  WHEN m.enabled IS FALSE THEN 'paused'
  WHEN ${monitorInMaintenance(sql`m.id`)} THEN 'maintenance'
  WHEN coalesce(m.status, 'unknown') = 'unknown' THEN 'unknown'
  WHEN m.location_count > 1 THEN (
    SELECT CASE
      WHEN q.live < (CASE m.quorum_rule WHEN 'k' THEN m.quorum_k ELSE 1 END) THEN 'stale'
      WHEN m.status IN ('down', 'pending') THEN m.status
      WHEN q.down > 0 THEN 'partial'
      WHEN m.degraded_since IS NOT NULL THEN 'degraded'
      ELSE m.status END
    FROM ${liveLocations(pollSeconds)} q)
  WHEN NOT coalesce(a.last_seen_at > now() - make_interval(secs => ${pollSeconds * 3}), false) THEN 'stale'
  WHEN m.status = 'up' AND m.degraded_since IS NOT NULL THEN 'degraded'
  ELSE m.status END`;

/**
 * When monitor `m` was last checked: with several locations, the newest of its locations'
 * (ingest writes the monitor row only when its verdict moves).
 */
const lastCheck = sql`CASE WHEN m.location_count > 1
  THEN greatest(m.last_heartbeat_at, (SELECT max(s.last_heartbeat_at) FROM location_states s WHERE s.monitor_id = m.id))
  ELSE m.last_heartbeat_at END`;

/** How many of the team's monitors are in each display status (one pass of dashboardRows, without a page). */
export async function statusCounts(teamId: string, pollSeconds: number): Promise<Record<DisplayStatus, number>> {
  return (await dashboardRows(teamId, pollSeconds, {}, { page: 1, size: 0 })).counts;
}

export interface DashboardFilters {
  q?: string;
  status?: DisplayStatus;
  agentId?: string;
  type?: string;
  sort?: DashboardSort;
  page?: number;
}

export interface DashboardRow {
  id: string;
  name: string;
  type: string;
  target: string;
  status: DisplayStatus;
  agentId: string;
  agentName: string;
  lastCheckAt: Date | null;
  intervalSeconds: number;
}

const SEVERITY_ORDER = `ARRAY[${DISPLAY_STATUSES.map((status) => `'${status}'`).join(',')}]`;
/** The severity rank of the display status of row `alias`: down first, paused last. */
const severity = (alias: string) => sql.raw(`array_position(${SEVERITY_ORDER}, ${alias}.status)`);

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The 24 h numbers kept in monitor_day_summaries (lib/rollups/summaries.ts), as fresh as
 * `freshSince`: returned for the page's rows that have them, and with sort `uptime` or
 * `latency` the order: worst first (lowest uptime, highest mean latency), no data last, ties
 * in status order. The keys are the numbers as the dashboard rounds them
 * (lib/dashboard/monitors.ts), in the same floating-point arithmetic.
 */
export interface SummaryOrder {
  sort: DashboardSort;
  /**
   * Rows older than this count as stale (see `stale` in the result). A monitor created after
   * the last pass (itself this fresh) has none yet and is not: it sorts as without data until
   * the next pass (within DESIGN's 60 s), instead of making every sort count 10,000 monitors
   * after each monitor added.
   */
  freshSince: Date;
}

/** Monitor `m`'s summary `s`, as the key its sort orders by: the number as the dashboard rounds it. */
const SUMMARY_KEY = {
  uptime: sql`CASE WHEN s.up_count + s.down_count + s.timeout_count + s.error_count > 0
    THEN floor((s.up_count * 10000)::float8 / (s.up_count + s.down_count + s.timeout_count + s.error_count)) / 100 END`,
  latency: sql`CASE WHEN s.latency_count > 0 THEN floor((s.latency_sum::float8 / s.latency_count) * 10 + 0.5) / 10 END`,
};

/** What the page shows of its rows' summaries `s` (windowStatsOf's names), and when each was made. */
const SUMMARY_COLUMNS = sql`(extract(epoch FROM s.as_of) * 1000)::float8 AS as_of_ms, s.up_count AS up, s.down_count AS down,
  s.timeout_count AS timeout, s.error_count AS error, s.latency_count, s.latency_sum::float8 AS latency_sum`;

/**
 * The team's monitors matching the filters, in display order (by status severity, or by
 * name; or by their summaries' numbers), with how many match, and how many of all the team's
 * monitors are in each display status; `page` only a page of them, else (when the caller
 * sorts by numbers it counts itself) all of them. With `bySummary`, the page's rows' fresh
 * summaries, and `stale` says how many matching monitors have no summary as fresh as asked:
 * an order by their numbers is only right when it is 0.
 *
 * One statement, and each monitor's display status computed once: for the counts, the
 * filters and the order alike, on narrow rows; the columns only the page shows are read for
 * the page's rows alone.
 */
export async function dashboardRows(
  teamId: string,
  pollSeconds: number,
  filters: DashboardFilters,
  page?: { page: number; size: number },
  bySummary?: SummaryOrder,
): Promise<{ rows: DashboardRow[]; total: number; stale: number; counts: Record<DisplayStatus, number>; summaries: Map<string, WindowStats> }> {
  const conditions: SQL[] = [];
  if (filters.q) conditions.push(sql`(m.name ILIKE ${likePattern(filters.q)} OR m.target ILIKE ${likePattern(filters.q)})`);
  if (filters.agentId) conditions.push(sql`a.id = ${filters.agentId}`);
  if (filters.type) conditions.push(sql`m.type = ${filters.type}`);
  // Sorted by numbers, every listed monitor's summary is read (its key, and whether it is fresh); otherwise only the page's.
  const byNumbers = bySummary?.sort === 'uptime' || bySummary?.sort === 'latency' ? bySummary.sort : null;
  const order = (alias: string) => {
    const column = (name: string) => sql.raw(`${alias}.${name}`);
    const byName = sql`lower(${column('name')}), ${column('id')}`;
    if (byNumbers === 'uptime') return sql`${column('sort_key')} ASC NULLS LAST, ${severity(alias)}, ${byName}`;
    if (byNumbers === 'latency') return sql`${column('sort_key')} DESC NULLS LAST, ${severity(alias)}, ${byName}`;
    return filters.sort === 'name' ? byName : sql`${severity(alias)}, ${byName}`;
  };
  // The rows listed: those matching the filters, and the status asked for.
  const listed = filters.status ? sql`matches AND status = ${filters.status}` : sql`matches`;
  const rows = await readDb.execute<{
    counts: string; id: string | null; name: string; type: string; target: string; status: DisplayStatus; agent_id: string; agent_name: string;
    last_check_ms: number | null; interval_seconds: number | null; total: number; stale: number; as_of_ms?: number | null;
    up?: number | null; down?: number | null; timeout?: number | null; error?: number | null; latency_count?: number | null; latency_sum?: number | null;
  }>(sql`
    WITH shown AS MATERIALIZED (
      SELECT m.id, m.name, ${displayStatus(pollSeconds)} AS status,
             ${conditions.length ? sql.join(conditions, sql` AND `) : sql`true`} AS matches
             ${byNumbers ? sql`, ${SUMMARY_KEY[byNumbers]} AS sort_key, s.as_of, m.created_at` : sql``}
      FROM monitors m JOIN agents a ON a.id = m.agent_id
      ${byNumbers ? sql`LEFT JOIN monitor_day_summaries s ON s.monitor_id = m.id` : sql``}
      WHERE a.team_id = ${teamId}
    ), counted AS (
      SELECT coalesce(json_object_agg(status, n), '{}')::text AS counts, coalesce(sum(listed), 0)::int AS total, coalesce(sum(stale), 0)::int AS stale
      FROM (
        SELECT status, count(*)::int AS n, count(*) FILTER (WHERE ${listed}) AS listed,
          ${byNumbers ? sql`count(*) FILTER (WHERE ${listed} AND coalesce(as_of, CASE WHEN created_at > (SELECT max(as_of) FROM monitor_day_summaries) THEN created_at END, '-infinity') < ${bySummary!.freshSince.toISOString()}::timestamptz)` : sql`0`} AS stale
        FROM shown GROUP BY status) c
    ), paged AS (
      SELECT * FROM shown p WHERE ${listed}
      ORDER BY ${order('p')}
      ${page ? sql`LIMIT ${page.size} OFFSET ${(page.page - 1) * page.size}` : sql``}
    )
    SELECT counted.*, p.*, m.type, m.target, a.id AS agent_id, a.name AS agent_name,
           (extract(epoch FROM ${lastCheck}) * 1000)::float8 AS last_check_ms, m.interval_seconds
           ${bySummary ? sql`, ${SUMMARY_COLUMNS}` : sql``}
    FROM counted
    LEFT JOIN (paged p JOIN monitors m ON m.id = p.id JOIN agents a ON a.id = m.agent_id
      ${bySummary ? sql`LEFT JOIN monitor_day_summaries s ON s.monitor_id = p.id` : sql``}) ON true
    ORDER BY ${order('p')}`);
  const counts = Object.fromEntries(DISPLAY_STATUSES.map((status) => [status, 0])) as Record<DisplayStatus, number>;
  Object.assign(counts, JSON.parse(rows[0]?.counts ?? '{}'));
  const pageRows = rows.filter((row) => row.id !== null);
  return {
    total: rows[0]?.total ?? 0,
    stale: rows[0]?.stale ?? 0,
    counts,
    summaries: new Map<string, WindowStats>(
      bySummary ? pageRows.filter((row) => (row.as_of_ms ?? -Infinity) >= bySummary.freshSince.getTime()).map((row) => [row.id!, windowStatsOf(row)]) : [],
    ),
    rows: pageRows.map((row) => ({
      id: row.id!,
      name: row.name,
      type: row.type,
      target: row.target,
      status: row.status,
      agentId: row.agent_id,
      agentName: row.agent_name,
      lastCheckAt: row.last_check_ms === null ? null : new Date(row.last_check_ms),
      intervalSeconds: row.interval_seconds ?? 30,
    })),
  };
}

export interface MonitorOverview {
  id: string;
  name: string;
  type: string;
  target: string;
  status: DisplayStatus;
  enabled: boolean;
  intervalSeconds: number;
  createdAt: Date | null;
  lastCheckAt: Date | null;
  /** When the current run of successes or failures began: "up since", "down since". */
  statusSince: Date | null;
  agentId: string;
  agentName: string;
  quorumRule: string;
  quorumK: number;
  degradedAfterMs: number | null;
}

/** The head of a monitor's page, if the monitor is this team's. */
export async function monitorOverview(teamId: string, monitorId: string, pollSeconds: number): Promise<MonitorOverview | null> {
  const [row] = await readDb.execute<{
    id: string; name: string; type: string; target: string; status: DisplayStatus; enabled: boolean | null; interval_seconds: number | null;
    created_ms: number | null; last_check_ms: number | null; since_ms: number | null; agent_id: string; agent_name: string;
    quorum_rule: string; quorum_k: number; degraded_after_ms: number | null;
  }>(sql`
    SELECT m.id, m.name, m.type, m.target, ${displayStatus(pollSeconds)} AS status, m.enabled, m.interval_seconds,
           (extract(epoch FROM m.created_at) * 1000)::float8 AS created_ms,
           (extract(epoch FROM ${lastCheck}) * 1000)::float8 AS last_check_ms,
           (extract(epoch FROM coalesce(
              (SELECT i.started_at FROM incidents i WHERE i.monitor_id = m.id AND i.resolved_at IS NULL),
              m.streak_started_at)) * 1000)::float8 AS since_ms,
           a.id AS agent_id, a.name AS agent_name, m.quorum_rule, m.quorum_k, m.degraded_after_ms
    FROM monitors m JOIN agents a ON a.id = m.agent_id
    WHERE a.team_id = ${teamId} AND m.id = ${monitorId}`);
  if (!row) return null;
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    target: row.target,
    status: row.status,
    enabled: row.enabled !== false,
    intervalSeconds: row.interval_seconds ?? 30,
    createdAt: date(row.created_ms),
    lastCheckAt: date(row.last_check_ms),
    statusSince: date(row.since_ms),
    agentId: row.agent_id,
    agentName: row.agent_name,
    quorumRule: row.quorum_rule,
    quorumK: row.quorum_k,
    degradedAfterMs: row.degraded_after_ms,
  };
}

import 'server-only';
import { sql } from 'drizzle-orm';
import { readDb } from '@/db';

// What pages show of a monitor's locations (its agents) and of its degraded periods. Every
// read takes the team and reads only that team's monitors.

/** The monitor if it is the team's (else NULL, which matches nothing). */
const owned = (teamId: string, monitorId: string) => sql`(SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${teamId} AND m.id = ${monitorId})`;

/** Every location of monitor `m` (the first, then the further ones by position): agent id and position. */
const locationsOf = (monitor: ReturnType<typeof sql>) => sql`(
  SELECT m.agent_id, 0 AS position FROM monitors m WHERE m.id = ${monitor}
  UNION ALL SELECT l.agent_id, l.position FROM monitor_locations l WHERE l.monitor_id = ${monitor})`;

export interface LocationSummary {
  total: number;
  live: number;
  /** Names of the live locations confirmed down. */
  failing: string[];
}

/** For each of the monitors that has several locations: how many, how many live, which fail. */
export async function locationSummaries(teamId: string, monitorIds: readonly string[], pollSeconds: number): Promise<Map<string, LocationSummary>> {
  const result = new Map<string, LocationSummary>();
  if (monitorIds.length === 0) return result;
  const rows = await readDb.execute<{ monitor_id: string; total: number; live: number; failing: string[] | null }>(sql`
    SELECT m.id AS monitor_id, count(*)::int AS total,
           count(*) FILTER (WHERE la.last_seen_at > now() - make_interval(secs => ${pollSeconds * 3}))::int AS live,
           array_agg(la.name ORDER BY loc.position) FILTER (WHERE la.last_seen_at > now() - make_interval(secs => ${pollSeconds * 3}) AND s.status = 'down') AS failing
    FROM monitors m JOIN agents a ON a.id = m.agent_id
    CROSS JOIN LATERAL (SELECT m.agent_id, 0 AS position UNION ALL SELECT l.agent_id, l.position FROM monitor_locations l WHERE l.monitor_id = m.id) loc
    JOIN agents la ON la.id = loc.agent_id
    LEFT JOIN location_states s ON s.monitor_id = m.id AND s.agent_id = loc.agent_id
    WHERE a.team_id = ${teamId} AND m.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(monitorIds)}::jsonb))
      AND m.location_count > 1
    GROUP BY m.id`);
  for (const row of rows) result.set(row.monitor_id, { total: row.total, live: row.live, failing: row.failing ?? [] });
  return result;
}

export interface LocationDetail {
  agentId: string;
  name: string;
  live: boolean;
  /** unknown | up | pending | down: its own verdict */
  status: string;
  degraded: boolean;
  lastError: string | null;
  lastCheckAt: Date | null;
  /** Over [from, to): its own checks. */
  checks: number;
  failed: number;
  meanLatency: number | null;
}

/** Each location of a monitor with several, its state and its own checks over [from, to); empty for one location. */
export async function monitorLocationDetails(teamId: string, monitorId: string, pollSeconds: number, from: Date, to: Date): Promise<LocationDetail[]> {
  const monitor = owned(teamId, monitorId);
  const rows = await readDb.execute<{
    agent_id: string; name: string; live: boolean; status: string | null; degraded: boolean; last_error: string | null; last_ms: number | null;
    checks: number; failed: number; mean: number | null;
  }>(sql`
    SELECT loc.agent_id, la.name, coalesce(la.last_seen_at > now() - make_interval(secs => ${pollSeconds * 3}), false) AS live,
           s.status, s.degraded_since IS NOT NULL AS degraded, s.last_error, (extract(epoch FROM s.last_heartbeat_at) * 1000)::float8 AS last_ms,
           c.checks, c.failed, c.mean
    FROM ${locationsOf(monitor)} loc
    JOIN agents la ON la.id = loc.agent_id
    LEFT JOIN location_states s ON s.monitor_id = ${monitor} AND s.agent_id = loc.agent_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS checks, count(*) FILTER (WHERE h.status <> 'up')::int AS failed, avg(h.latency_ms) FILTER (WHERE h.status = 'up')::float8 AS mean
      FROM heartbeats h
      WHERE h.monitor_id = ${monitor} AND h.agent_id = loc.agent_id AND h.time >= ${from.toISOString()}::timestamptz AND h.time < ${to.toISOString()}::timestamptz
    ) c
    WHERE (SELECT m.location_count > 1 FROM monitors m WHERE m.id = ${monitor})
    ORDER BY loc.position`);
  return rows.map((row) => ({
    agentId: row.agent_id,
    name: row.name,
    live: row.live,
    status: row.status ?? 'unknown',
    degraded: row.degraded,
    lastError: row.last_error,
    lastCheckAt: row.last_ms === null ? null : new Date(row.last_ms),
    checks: row.checks,
    failed: row.failed,
    meanLatency: row.mean === null ? null : Math.round(row.mean),
  }));
}

/** Mean latency of up checks per location and step over [from, to): one line per location. */
export async function locationLatencyRows(teamId: string, monitorId: string, from: Date, to: Date, stepMs: number): Promise<{ agentId: string; time: number; mean: number }[]> {
  const monitor = owned(teamId, monitorId);
  const rows = await readDb.execute<{ agent_id: string; t: number; mean: number }>(sql`
    SELECT h.agent_id, (extract(epoch FROM date_bin(make_interval(secs => ${stepMs / 1000}), h.time, TIMESTAMPTZ '2000-01-01 00:00:00+00')) * 1000)::float8 AS t,
           avg(h.latency_ms)::float8 AS mean
    FROM heartbeats h
    WHERE h.monitor_id = ${monitor} AND h.time >= ${from.toISOString()}::timestamptz AND h.time < ${to.toISOString()}::timestamptz
      AND h.status = 'up' AND h.latency_ms IS NOT NULL
    GROUP BY 1, 2 ORDER BY 2`);
  return rows.map((row) => ({ agentId: row.agent_id, time: Number(row.t), mean: Math.round(row.mean) }));
}

export interface IncidentLocation {
  name: string;
  failed: number;
  lastError: string | null;
}

/** Per incident, the locations whose checks failed during it (with their last error), for monitors with several locations. */
export async function incidentLocations(teamId: string, incidentIds: readonly string[]): Promise<Map<string, IncidentLocation[]>> {
  const result = new Map<string, IncidentLocation[]>();
  if (incidentIds.length === 0) return result;
  const rows = await readDb.execute<{ incident_id: string; name: string; failed: number; last_error: string | null }>(sql`
    SELECT i.id AS incident_id, la.name, f.failed, f.last_error
    FROM incidents i JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id
    CROSS JOIN LATERAL (
      SELECT h.agent_id, count(*)::int AS failed, (array_agg(h.error_message ORDER BY h.time DESC))[1] AS last_error
      FROM heartbeats h
      WHERE h.monitor_id = m.id AND h.status <> 'up' AND h.time >= i.started_at - make_interval(secs => coalesce(m.interval_seconds, 30) * m.failure_threshold)
        AND h.time < coalesce(i.resolved_at, now())
      GROUP BY h.agent_id
    ) f
    JOIN agents la ON la.id = f.agent_id
    WHERE a.team_id = ${teamId} AND i.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(incidentIds)}::jsonb))
      AND m.location_count > 1
    ORDER BY i.id, la.name`);
  for (const row of rows) {
    const list = result.get(row.incident_id) ?? [];
    list.push({ name: row.name, failed: row.failed, lastError: row.last_error });
    result.set(row.incident_id, list);
  }
  return result;
}

/** The monitor's degraded periods overlapping [from, to), oldest first (an open one ends now). */
export async function degradedPeriodsBetween(teamId: string, monitorId: string, from: Date, to: Date): Promise<{ startedAt: Date; endedAt: Date | null }[]> {
  const rows = await readDb.execute<{ s: number; e: number | null }>(sql`
    SELECT (extract(epoch FROM p.started_at) * 1000)::float8 AS s, (extract(epoch FROM p.ended_at) * 1000)::float8 AS e
    FROM degraded_periods p
    WHERE p.monitor_id = ${owned(teamId, monitorId)} AND p.started_at < ${to.toISOString()}::timestamptz AND coalesce(p.ended_at, 'infinity') > ${from.toISOString()}::timestamptz
    ORDER BY p.started_at`);
  return rows.map((row) => ({ startedAt: new Date(row.s), endedAt: row.e === null ? null : new Date(row.e) }));
}

import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { readDb } from '@/db';
import type { SloWindow } from '@/db/schema/slos';
import { heldDuring } from '@/db/sql/maintenance';
import { type TimeRange, withinSpan } from './timeseries';

// SLOs as read for their pages, the API and the leader's alert round, and the one count the
// uptime reads do not have: up checks inside degraded periods (for SLOs where degraded counts
// as down), read from raw heartbeats inside those periods only.

export interface SloMonitor {
  id: string;
  name: string;
  intervalSeconds: number;
  createdAt: Date | null;
}

export interface SloRecord {
  id: string;
  teamId: string;
  name: string;
  target: number;
  window: SloWindow;
  degradedCountsAsDown: boolean;
  fastBurn: number;
  slowBurn: number;
  burningSince: Date | null;
  exhaustedAt: Date | null;
  createdAt: Date;
  monitorId: string | null;
  componentId: string | null;
  /** The monitor's name, or "Page title › component name". */
  subject: string;
  /** The status page of a component SLO. */
  pageId: string | null;
  /** The monitors counted: the one, or those behind the component now. */
  monitors: SloMonitor[];
  /** The team's time zone (calendar windows). */
  timeZone: string;
}

type Row = Omit<SloRecord, 'burningSince' | 'exhaustedAt' | 'createdAt' | 'monitors'> & {
  burningSince: string | null;
  exhaustedAt: string | null;
  createdAt: string;
  monitors: (Omit<SloMonitor, 'createdAt'> & { createdAt: string | null })[];
};

const toRecord = (row: Row): SloRecord => ({
  ...row,
  target: Number(row.target),
  burningSince: row.burningSince ? new Date(row.burningSince) : null,
  exhaustedAt: row.exhaustedAt ? new Date(row.exhaustedAt) : null,
  createdAt: new Date(row.createdAt),
  monitors: row.monitors.map((m) => ({ ...m, createdAt: m.createdAt ? new Date(m.createdAt) : null })),
});

async function selectSlos(where: SQL): Promise<SloRecord[]> {
  const rows = await readDb.execute<{ r: Row }>(sql`
    SELECT jsonb_build_object(
      'id', s.id, 'teamId', s.team_id, 'name', s.name, 'target', s.target, 'window', s.window,
      'degradedCountsAsDown', s.degraded_counts_as_down, 'fastBurn', s.fast_burn, 'slowBurn', s.slow_burn,
      'burningSince', s.burning_since, 'exhaustedAt', s.exhausted_at, 'createdAt', s.created_at,
      'monitorId', s.monitor_id, 'componentId', s.component_id, 'pageId', c.page_id, 'timeZone', t.time_zone,
      'subject', coalesce(sm.name, p.title || ' › ' || c.name),
      'monitors', coalesce((
        SELECT jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'intervalSeconds', m.interval_seconds, 'createdAt', m.created_at) ORDER BY m.name)
        FROM monitors m JOIN agents a ON a.id = m.agent_id
        WHERE a.team_id = s.team_id
          AND (m.id = s.monitor_id OR m.id IN (SELECT cm.monitor_id FROM status_page_component_monitors cm WHERE cm.component_id = s.component_id))), '[]'::jsonb)
    ) AS r
    FROM slos s
    JOIN teams t ON t.id = s.team_id
    LEFT JOIN monitors sm ON sm.id = s.monitor_id
    LEFT JOIN status_page_components c ON c.id = s.component_id
    LEFT JOIN status_pages p ON p.id = c.page_id
    WHERE ${where}
    ORDER BY lower(s.name)`);
  return rows.map((row) => toRecord(row.r));
}

/** The team's SLOs, by name. */
export const listSlos = (teamId: string) => selectSlos(sql`s.team_id = ${teamId}`);

export async function getSlo(teamId: string, sloId: string): Promise<SloRecord | null> {
  return (await selectSlos(sql`s.team_id = ${teamId} AND s.id = ${sloId}`))[0] ?? null;
}

/** The team's SLOs of status page components. */
export const slosOfComponents = (teamId: string, componentIds: readonly string[]) =>
  componentIds.length ? selectSlos(sql`s.team_id = ${teamId} AND s.component_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(componentIds)}::jsonb))`) : Promise.resolve([]);

/** Every team's SLOs: the leader's alert round. */
export const everySlo = () => selectSlos(sql`true`);

/** The team's monitors and status page components an SLO can be for (the form's choices). */
export async function sloSubjects(teamId: string): Promise<{ monitors: { id: string; name: string }[]; components: { id: string; name: string }[] }> {
  const [monitors, components] = await Promise.all([
    readDb.execute<{ id: string; name: string }>(sql`SELECT m.id, m.name FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${teamId} ORDER BY lower(m.name)`),
    readDb.execute<{ id: string; name: string }>(sql`
      SELECT c.id, p.title || ' › ' || c.name AS name FROM status_page_components c JOIN status_pages p ON p.id = c.page_id
      WHERE p.team_id = ${teamId} ORDER BY lower(p.title), c.position`),
  ]);
  return { monitors: [...monitors], components: [...components] };
}

/**
 * Up checks inside the monitors' degraded periods, per range (same order) and monitor, less
 * maintenance. Raw heartbeats only, and only inside degraded periods: cheap, and exact while
 * raw rows are kept (older degraded time has no raw rows left and counts as up).
 */
export async function degradedUpCounts(teamId: string, monitorIds: readonly string[], ranges: readonly TimeRange[]): Promise<Map<string, number>[]> {
  const result = ranges.map(() => new Map<string, number>());
  if (monitorIds.length === 0 || ranges.length === 0) return result;
  const rows = await readDb.execute<{ i: number; monitor_id: string; n: number }>(sql`
    WITH ids AS (SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id
                 WHERE a.team_id = ${teamId} AND m.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(monitorIds)}::jsonb))),
    r AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(ranges.map((range, i) => ({ i, from: range.from.toISOString(), to: range.to.toISOString() })))}::jsonb)
          AS r(i int, "from" timestamptz, "to" timestamptz))
    SELECT r.i, ids.id AS monitor_id, count(*)::int AS n
    FROM ids CROSS JOIN r
    JOIN degraded_periods p ON p.monitor_id = ids.id AND p.started_at < r."to" AND coalesce(p.ended_at, 'infinity') > r."from"
    CROSS JOIN LATERAL ${heldDuring(sql`ids.id`, sql`r."from"`, sql`r."to"`)} mw
    CROSS JOIN LATERAL watchpost_checks(ids.id, greatest(p.started_at, r."from"), least(coalesce(p.ended_at, 'infinity'), r."to")) h
    WHERE h.counted = 'up' AND ${withinSpan(ranges)} AND NOT coalesce(mw.held @> h.time, false)
    GROUP BY r.i, ids.id`);
  for (const row of rows) result[row.i]?.set(row.monitor_id, row.n);
  return result;
}

import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { readDb } from '@/db';

// A team's incidents: lists with filters, one incident, and the response-time figures.

import type { IncidentState } from '@/lib/contracts/api';
import { quietIncident } from '@/db/sql/maintenance';
import { uuidArray } from '@/db/sql/ids';

export type { IncidentState };
export const INCIDENTS_PAGE_SIZE = 50;

export interface IncidentListItem {
  id: string;
  monitorId: string;
  monitorName: string;
  status: IncidentState;
  startedAt: Date;
  resolvedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  /** Who resolved it by hand; null when it recovered by itself. */
  resolvedBy: string | null;
  ttrSeconds: number | null;
  /** When Watchpost opened it (the failure streak reached the threshold); null for rows written without it. */
  openedAt: Date | null;
  /** Opened inside a maintenance window of its monitor (kept quiet until the window ended). */
  inMaintenance: boolean;
}

type IncidentRow = {
  id: string;
  monitor_id: string;
  monitor_name: string;
  status: IncidentState;
  started_ms: number;
  resolved_ms: number | null;
  acknowledged_ms: number | null;
  acknowledged_by: string | null;
  resolved_by: string | null;
  ttr_seconds: number | null;
  opened_ms: number | null;
  in_maintenance: boolean;
};

const toItem = (row: IncidentRow): IncidentListItem => ({
  id: row.id,
  monitorId: row.monitor_id,
  monitorName: row.monitor_name,
  status: row.status,
  startedAt: new Date(row.started_ms),
  resolvedAt: row.resolved_ms === null ? null : new Date(row.resolved_ms),
  acknowledgedAt: row.acknowledged_ms === null ? null : new Date(row.acknowledged_ms),
  acknowledgedBy: row.acknowledged_by,
  resolvedBy: row.resolved_by,
  ttrSeconds: row.ttr_seconds,
  openedAt: row.opened_ms === null ? null : new Date(row.opened_ms),
  inMaintenance: row.in_maintenance,
});

const incidentColumns = sql`i.id, i.monitor_id, m.name AS monitor_name,
  CASE WHEN i.resolved_at IS NOT NULL THEN 'resolved' WHEN i.acknowledged_at IS NOT NULL THEN 'acknowledged' ELSE 'open' END AS status,
  (extract(epoch FROM i.started_at) * 1000)::float8 AS started_ms, (extract(epoch FROM i.resolved_at) * 1000)::float8 AS resolved_ms,
  (extract(epoch FROM i.acknowledged_at) * 1000)::float8 AS acknowledged_ms, u.email AS acknowledged_by, r.email AS resolved_by, i.ttr_seconds,
  (extract(epoch FROM i.created_at) * 1000)::float8 AS opened_ms, i.in_maintenance`;
const incidentSource = sql`incidents i JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id LEFT JOIN users u ON u.id = i.acknowledged_by LEFT JOIN users r ON r.id = i.resolved_by`;

export interface IncidentFilters {
  state?: IncidentState;
  monitorId?: string;
  from?: Date;
  to?: Date;
  page?: number;
}

/** Open first (oldest open at the top), then the rest by start, newest first. */
export async function listIncidents(teamId: string, filters: IncidentFilters = {}) {
  const conditions: SQL[] = [sql`a.team_id = ${teamId}`];
  if (filters.state) conditions.push(stateCondition(filters.state));
  if (filters.monitorId) conditions.push(sql`i.monitor_id = ${filters.monitorId}`);
  // Incidents that overlap the range.
  if (filters.from) conditions.push(sql`coalesce(i.resolved_at, now()) >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to) conditions.push(sql`i.started_at < ${filters.to.toISOString()}::timestamptz`);
  const page = Math.max(1, filters.page ?? 1);
  const rows = await readDb.execute<IncidentRow & { total: number }>(sql`
    SELECT ${incidentColumns}, count(*) OVER ()::int AS total
    FROM ${incidentSource}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY (i.resolved_at IS NULL) DESC, i.started_at DESC, i.id
    LIMIT ${INCIDENTS_PAGE_SIZE} OFFSET ${(page - 1) * INCIDENTS_PAGE_SIZE}`);
  const total = rows[0]?.total ?? 0;
  return { incidents: rows.map(toItem), total, page, pageCount: Math.max(1, Math.ceil(total / INCIDENTS_PAGE_SIZE)) };
}

/** One state's condition (open: neither acknowledged nor resolved). */
function stateCondition(state: IncidentState): SQL {
  if (state === 'resolved') return sql`i.resolved_at IS NOT NULL`;
  if (state === 'acknowledged') return sql`i.resolved_at IS NULL AND i.acknowledged_at IS NOT NULL`;
  return sql`i.resolved_at IS NULL AND i.acknowledged_at IS NULL`;
}

/**
 * The API's list: newest first, `limit + 1` rows after the position (start, id) of the last
 * one shown; each row carries its position (the start as PostgreSQL prints it, microseconds kept).
 */
export async function incidentsAfter(
  teamId: string,
  filters: { state?: IncidentState; monitorId?: string; since?: Date },
  page: { limit: number; after: { at: string; id: string } | null },
): Promise<(IncidentListItem & { position: { at: string; id: string } })[]> {
  const conditions: SQL[] = [sql`a.team_id = ${teamId}`];
  if (filters.state) conditions.push(stateCondition(filters.state));
  if (filters.monitorId) conditions.push(sql`i.monitor_id = ${filters.monitorId}`);
  if (filters.since) conditions.push(sql`i.started_at >= ${filters.since.toISOString()}::timestamptz`);
  if (page.after) conditions.push(sql`(i.started_at, i.id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`);
  const rows = await readDb.execute<IncidentRow & { position_at: string }>(sql`
    SELECT ${incidentColumns}, i.started_at::text AS position_at FROM ${incidentSource}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY i.started_at DESC, i.id DESC
    LIMIT ${page.limit + 1}`);
  return rows.map((row) => ({ ...toItem(row), position: { at: row.position_at, id: row.id } }));
}

/** the team's unresolved incidents, oldest first (the dashboard's top panel). */
export async function openIncidents(teamId: string, limit = 20): Promise<IncidentListItem[]> {
  const rows = await readDb.execute<IncidentRow>(sql`
    SELECT ${incidentColumns} FROM ${incidentSource}
    WHERE a.team_id = ${teamId} AND i.resolved_at IS NULL
    ORDER BY i.started_at
    LIMIT ${limit}`);
  return rows.map(toItem);
}

export async function getIncident(teamId: string, incidentId: string): Promise<IncidentListItem | null> {
  const [row] = await readDb.execute<IncidentRow>(sql`
    SELECT ${incidentColumns} FROM ${incidentSource}
    WHERE a.team_id = ${teamId} AND i.id = ${incidentId}`);
  return row ? toItem(row) : null;
}

/** A monitor's incidents overlapping [from, to), for downtime and its page. */
export async function monitorIncidents(teamId: string, monitorId: string, from: Date, limit = 100): Promise<IncidentListItem[]> {
  const rows = await readDb.execute<IncidentRow>(sql`
    SELECT ${incidentColumns} FROM ${incidentSource}
    WHERE a.team_id = ${teamId} AND i.monitor_id = ${monitorId} AND coalesce(i.resolved_at, now()) >= ${from.toISOString()}::timestamptz
    ORDER BY i.started_at DESC
    LIMIT ${limit}`);
  return rows.map(toItem);
}

/** The incidents of the team's monitors `monitorIds` that overlap [from, to) (open ones until now), oldest first. */
export async function incidentsOfMonitors(teamId: string, monitorIds: readonly string[], range: { from: Date; to: Date }): Promise<IncidentListItem[]> {
  if (monitorIds.length === 0) return [];
  const rows = await readDb.execute<IncidentRow>(sql`
    SELECT ${incidentColumns} FROM ${incidentSource}
    WHERE a.team_id = ${teamId} AND i.monitor_id = ANY (${uuidArray(monitorIds)})
      AND i.started_at < ${range.to.toISOString()}::timestamptz AND coalesce(i.resolved_at, now()) > ${range.from.toISOString()}::timestamptz
    ORDER BY i.started_at, i.id`);
  return rows.map(toItem);
}

export interface ResponseTimes {
  days: number;
  incidents: number;
  /** Mean time to acknowledge, over acknowledged incidents that started in the window. */
  mttaSeconds: number | null;
  /** Mean time to resolve, over resolved incidents that started in the window. */
  mttrSeconds: number | null;
}

export async function responseTimes(teamId: string, windows: readonly number[] = [7, 30, 90]): Promise<ResponseTimes[]> {
  const rows = await readDb.execute<{ days: number; incidents: number; mtta: number | null; mttr: number | null }>(sql`
    SELECT w.days, count(i.id)::int AS incidents,
           avg(extract(epoch FROM i.acknowledged_at - i.started_at)) FILTER (WHERE i.acknowledged_at IS NOT NULL)::float8 AS mtta,
           avg(i.ttr_seconds) FILTER (WHERE i.resolved_at IS NOT NULL)::float8 AS mttr
    FROM jsonb_array_elements_text(${JSON.stringify(windows)}::jsonb) AS d(days)
    CROSS JOIN LATERAL (SELECT d.days::int AS days) w
    LEFT JOIN (${incidentSource}) ON a.team_id = ${teamId} AND i.started_at >= now() - make_interval(days => w.days)
    GROUP BY w.days
    ORDER BY w.days`);
  return rows.map((row) => ({
    days: row.days,
    incidents: row.incidents,
    mttaSeconds: row.mtta === null ? null : Math.round(row.mtta),
    mttrSeconds: row.mttr === null ? null : Math.round(row.mttr),
  }));
}

export interface IncidentCauses {
  /** the incident of a monitor it depends on that was open when it opened */
  causedBy: { incidentId: string; monitorId: string; monitorName: string; resolved: boolean } | null;
  /** held: no message of its own yet (announced once the cause recovers, if still down) */
  held: boolean;
  /** incidents of monitors depending on this one's, opened while it was open */
  effects: { incidentId: string; monitorId: string; monitorName: string; resolved: boolean; held: boolean }[];
}

/** Dependencies around an incident of the team: what probably caused it, and what it probably caused. */
export async function incidentCauses(teamId: string, incidentId: string): Promise<IncidentCauses> {
  const rows = await readDb.execute<{ side: string; incident_id: string; monitor_id: string; monitor_name: string; resolved: boolean; held: boolean }>(sql`
    SELECT 'cause' AS side, p.id AS incident_id, m.id AS monitor_id, m.name AS monitor_name, p.resolved_at IS NOT NULL AS resolved, ${quietIncident} AS held
    FROM incidents i JOIN incidents p ON p.id = i.caused_by_incident_id JOIN monitors m ON m.id = p.monitor_id JOIN agents a ON a.id = m.agent_id
    WHERE i.id = ${incidentId} AND a.team_id = ${teamId}
    UNION ALL
    SELECT 'effect', i.id, m.id, m.name, i.resolved_at IS NOT NULL, ${quietIncident}
    FROM incidents i JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id
    WHERE i.caused_by_incident_id = ${incidentId} AND a.team_id = ${teamId}
    ORDER BY 4`);
  const cause = [...rows].find((row) => row.side === 'cause');
  return {
    causedBy: cause ? { incidentId: cause.incident_id, monitorId: cause.monitor_id, monitorName: cause.monitor_name, resolved: cause.resolved } : null,
    held: cause?.held ?? false,
    effects: [...rows]
      .filter((row) => row.side === 'effect')
      .map((row) => ({ incidentId: row.incident_id, monitorId: row.monitor_id, monitorName: row.monitor_name, resolved: row.resolved, held: row.held })),
  };
}

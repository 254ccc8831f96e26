import { type SQL, sql } from 'drizzle-orm';

// Maintenance as SQL conditions, for the statements that must respect it (notifications,
// status pages). The rollups and ingest write the same condition in their own raw SQL.

/**
 * Whether a maintenance occurrence covers monitor `monitor` at `at` (now by default). A
 * window's occurrences never overlap, so only its first one not ended by `at` can: one
 * index probe per window on (window_id, ends_at).
 */
export function monitorInMaintenance(monitor: SQL, at: SQL = sql`now()`): SQL {
  return sql`EXISTS (
    SELECT 1 FROM maintenance_window_monitors mw_m
    CROSS JOIN LATERAL (SELECT o.starts_at FROM maintenance_occurrences o WHERE o.window_id = mw_m.window_id AND o.ends_at > ${at} ORDER BY o.ends_at LIMIT 1) mw_o
    WHERE mw_m.monitor_id = ${monitor} AND mw_o.starts_at <= ${at})`;
}

/**
 * An incident (`i`) that opened inside maintenance, or while a monitor it depends on was down,
 * and has not been announced: its messages stay quiet.
 */
export const quietIncident = sql`((i.in_maintenance OR i.held_by_dependency) AND NOT EXISTS (SELECT 1 FROM notification_events qe WHERE qe.incident_id = i.id AND qe.kind = 'incident.opened'))`;

/** An incident (`i`) held because the incident of a monitor it depends on is still open. */
export const heldByOpenParent = sql`(i.held_by_dependency AND EXISTS (SELECT 1 FROM incidents hp WHERE hp.id = i.caused_by_incident_id AND hp.resolved_at IS NULL))`;

/**
 * The maintenance of monitor `monitor` that overlaps [from, to), as one row with a
 * multirange `held` (NULL without any): join it once per monitor and range, then leave out
 * raw checks with `NOT coalesce(held @> h.time, false)` (checks in maintenance are not counted).
 */
export function heldDuring(monitor: SQL, from: SQL, to: SQL): SQL {
  return sql`(SELECT range_agg(tstzrange(mw_o.starts_at, mw_o.ends_at)) AS held
    FROM maintenance_window_monitors mw_m JOIN maintenance_occurrences mw_o ON mw_o.window_id = mw_m.window_id
    WHERE mw_m.monitor_id = ${monitor} AND mw_o.starts_at < ${to} AND mw_o.ends_at > ${from})`;
}

import 'server-only';
import { uuidArray } from '@/db/sql/ids';
import { sql } from 'drizzle-orm';
import { readDb } from '@/db';

// What the maintenance pages read, scoped by team: another team's window is not found.

export type MaintenanceState = 'in progress' | 'scheduled' | 'completed';

export interface MaintenanceSummary {
  id: string;
  title: string;
  timeZone: string;
  rrule: string | null;
  monitors: number;
  state: MaintenanceState;
  /** The occurrence under way, or the next one, or the last one. */
  startsAt: Date | null;
  endsAt: Date | null;
}

const stateOf = (running: boolean, next: boolean): MaintenanceState => (running ? 'in progress' : next ? 'scheduled' : 'completed');

// The occurrence a window is shown by (`o`): the one under way or next, else the last. And
// `f`, its first occurrence from its wall-clock start: a recurring window whose first start
// lies past the occurrences made so far (90 days ahead) has none yet.
const SHOWN_OCCURRENCE = sql`
    CROSS JOIN LATERAL (SELECT w.starts_at_local::timestamp AT TIME ZONE w.time_zone AS starts_at,
                               (w.starts_at_local::timestamp + make_interval(mins => w.duration_minutes)) AT TIME ZONE w.time_zone AS ends_at) f
    LEFT JOIN LATERAL (
      (SELECT starts_at, ends_at FROM maintenance_occurrences WHERE window_id = w.id AND ends_at > now() ORDER BY starts_at LIMIT 1)
      UNION ALL
      (SELECT starts_at, ends_at FROM maintenance_occurrences WHERE window_id = w.id ORDER BY starts_at DESC LIMIT 1)
      LIMIT 1
    ) o ON true`;
/** What stateOf reads: whether that occurrence is under way, and whether it (or the first) is yet to end. */
const SHOWN_STATE = sql`o.starts_at <= now() AND o.ends_at > now() AS shown_running, coalesce(o.ends_at, f.ends_at) > now() AS shown_next`;

export async function listMaintenance(teamId: string): Promise<MaintenanceSummary[]> {
  const rows = await readDb.execute<{ id: string; title: string; time_zone: string; rrule: string | null; monitors: number; shown_running: boolean; shown_next: boolean; starts_at: string | null; ends_at: string | null }>(sql`
    SELECT w.id, w.title, w.time_zone, w.rrule,
           (SELECT count(*)::int FROM maintenance_window_monitors wm WHERE wm.window_id = w.id) AS monitors,
           ${SHOWN_STATE},
           coalesce(o.starts_at, f.starts_at)::text AS starts_at, coalesce(o.ends_at, f.ends_at)::text AS ends_at
    FROM maintenance_windows w ${SHOWN_OCCURRENCE}
    WHERE w.team_id = ${teamId}
    ORDER BY (coalesce(o.ends_at, f.ends_at) > now()) DESC NULLS LAST, CASE WHEN coalesce(o.ends_at, f.ends_at) > now() THEN coalesce(o.starts_at, f.starts_at) END ASC, coalesce(o.starts_at, f.starts_at) DESC, w.title`);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    timeZone: row.time_zone,
    rrule: row.rrule,
    monitors: row.monitors,
    state: stateOf(!!row.shown_running, !!row.shown_next),
    startsAt: row.starts_at ? new Date(row.starts_at) : null,
    endsAt: row.ends_at ? new Date(row.ends_at) : null,
  }));
}

export interface MaintenanceDetail {
  id: string;
  title: string;
  description: string;
  timeZone: string;
  startsAtLocal: string;
  durationMinutes: number;
  rrule: string | null;
  notifySubscribers: boolean;
  monitorIds: string[];
  pageIds: string[];
  state: MaintenanceState;
  /** The occurrence under way, if any. */
  running: { startsAt: Date; endsAt: Date } | null;
  /** The next few that have not started, and the last few that ended. */
  upcoming: { startsAt: Date; endsAt: Date }[];
  past: { startsAt: Date; endsAt: Date }[];
}

type Span = { s: string; e: string };
const spans = (list: Span[] | null) => (list ?? []).map((o) => ({ startsAt: new Date(o.s), endsAt: new Date(o.e) }));

export async function maintenanceForOwner(teamId: string, windowId: string): Promise<MaintenanceDetail | null> {
  if (!/^[0-9a-f-]{36}$/i.test(windowId)) return null;
  const [row] = await readDb.execute<{
    id: string; title: string; description: string; time_zone: string; starts_at_local: string; duration_minutes: number; rrule: string | null;
    notify_subscribers: boolean; monitor_ids: string[] | null; page_ids: string[] | null; running: Span[] | null; upcoming: Span[] | null; past: Span[] | null;
    shown_running: boolean | null; shown_next: boolean | null;
  }>(sql`
    SELECT w.id, w.title, w.description, w.time_zone, w.starts_at_local, w.duration_minutes, w.rrule, w.notify_subscribers,
      ${SHOWN_STATE},
      (SELECT json_agg(monitor_id) FROM maintenance_window_monitors WHERE window_id = w.id) AS monitor_ids,
      (SELECT json_agg(page_id) FROM maintenance_window_pages WHERE window_id = w.id) AS page_ids,
      (SELECT json_agg(json_build_object('s', starts_at, 'e', ends_at)) FROM maintenance_occurrences
        WHERE window_id = w.id AND starts_at <= now() AND ends_at > now()) AS running,
      (SELECT json_agg(json_build_object('s', starts_at, 'e', ends_at) ORDER BY starts_at) FROM (
        SELECT starts_at, ends_at FROM maintenance_occurrences WHERE window_id = w.id AND starts_at > now() ORDER BY starts_at LIMIT 5) x) AS upcoming,
      (SELECT json_agg(json_build_object('s', starts_at, 'e', ends_at) ORDER BY starts_at DESC) FROM (
        SELECT starts_at, ends_at FROM maintenance_occurrences WHERE window_id = w.id AND ends_at <= now() ORDER BY starts_at DESC LIMIT 5) x) AS past
    FROM maintenance_windows w ${SHOWN_OCCURRENCE}
    WHERE w.id = ${windowId} AND w.team_id = ${teamId}`);
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    timeZone: row.time_zone,
    startsAtLocal: row.starts_at_local,
    durationMinutes: row.duration_minutes,
    rrule: row.rrule,
    notifySubscribers: row.notify_subscribers,
    monitorIds: row.monitor_ids ?? [],
    pageIds: row.page_ids ?? [],
    state: stateOf(!!row.shown_running, !!row.shown_next),
    running: spans(row.running)[0] ?? null,
    upcoming: spans(row.upcoming),
    past: spans(row.past),
  };
}

/** the team's status pages, to choose where a window is shown. */
export async function pageChoices(teamId: string): Promise<{ id: string; name: string }[]> {
  const rows = await readDb.execute<{ id: string; title: string; slug: string }>(sql`SELECT id, title, slug FROM status_pages WHERE team_id = ${teamId} ORDER BY lower(title), slug`);
  return rows.map((row) => ({ id: row.id, name: `${row.title} (/s/${row.slug})` }));
}

/** A monitor's maintenance that overlaps [from, to) (another team's monitor has none), oldest first. */
export async function monitorMaintenance(teamId: string, monitorId: string, from: Date, to: Date): Promise<{ startedAt: Date; resolvedAt: Date }[]> {
  return (await maintenanceOfMonitors(teamId, [monitorId], from, to)).get(monitorId) ?? [];
}

/** The maintenance of each of the team's monitors `monitorIds` that overlaps [from, to), in time order (at most 1,000 each). */
export async function maintenanceOfMonitors(teamId: string, monitorIds: readonly string[], from: Date, to: Date): Promise<Map<string, { startedAt: Date; resolvedAt: Date }[]>> {
  const result = new Map<string, { startedAt: Date; resolvedAt: Date }[]>();
  if (monitorIds.length === 0) return result;
  const rows = await readDb.execute<{ monitor_id: string; starts_at: string; ends_at: string }>(sql`
    SELECT wm.monitor_id, o.starts_at::text, o.ends_at::text
    FROM maintenance_window_monitors wm
    JOIN maintenance_windows w ON w.id = wm.window_id AND w.team_id = ${teamId}
    JOIN maintenance_occurrences o ON o.window_id = wm.window_id
    WHERE wm.monitor_id = ANY (${uuidArray(monitorIds)}) AND o.starts_at < ${to.toISOString()}::timestamptz AND o.ends_at > ${from.toISOString()}::timestamptz
    ORDER BY o.starts_at
    LIMIT ${1000 * monitorIds.length}`);
  for (const row of rows) {
    const list = result.get(row.monitor_id) ?? [];
    if (list.length < 1000) list.push({ startedAt: new Date(row.starts_at), resolvedAt: new Date(row.ends_at) });
    result.set(row.monitor_id, list);
  }
  return result;
}

import 'server-only';
import { sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { uuidArray } from '@/db/sql/ids';

// What a report is about: the team (its name, zone and plan), and the monitors of its scope
// (the whole team, chosen monitors, or a status page's components and their monitors).

export interface ReportMonitor {
  id: string;
  name: string;
  intervalSeconds: number;
  createdAt: Date;
}

export interface ReportSubjects {
  team: { name: string; timeZone: string; plan: string };
  monitors: ReportMonitor[];
  /** A status page scope: the page and its components (with their monitors' ids), in page order. */
  page: { id: string; title: string; timeZone: string; components: { id: string; name: string; monitorIds: string[] }[] } | null;
}

export type ReportScope = { kind: 'team' } | { kind: 'monitors'; monitorIds: string[] } | { kind: 'page'; pageId: string };

/** The scope's team and monitors; null when a chosen status page is not the team's. Chosen monitors of another team are left out. */
export async function reportSubjects(teamId: string, scope: ReportScope): Promise<ReportSubjects | null> {
  const [team] = await readDb.execute<{ name: string; time_zone: string; plan: string }>(sql`
    SELECT t.name, t.time_zone, coalesce((SELECT u.plan FROM team_members o JOIN users u ON u.id = o.user_id WHERE o.team_id = t.id AND o.role = 'owner'), 'free') AS plan
    FROM teams t WHERE t.id = ${teamId}`);
  if (!team) return null;
  let page: ReportSubjects['page'] = null;
  if (scope.kind === 'page') {
    const rows = await readDb.execute<{ id: string; title: string; time_zone: string; components: { id: string; name: string; monitorIds: string[] }[] }>(sql`
      SELECT p.id, p.title, p.time_zone, coalesce((
        SELECT jsonb_agg(jsonb_build_object('id', c.id, 'name', c.name,
                 'monitorIds', (SELECT coalesce(jsonb_agg(cm.monitor_id), '[]'::jsonb) FROM status_page_component_monitors cm WHERE cm.component_id = c.id))
               ORDER BY c.position, c.name)
        FROM status_page_components c WHERE c.page_id = p.id), '[]'::jsonb) AS components
      FROM status_pages p WHERE p.id = ${scope.pageId} AND p.team_id = ${teamId}`);
    const row = rows[0];
    if (!row) return null;
    page = { id: row.id, title: row.title, timeZone: row.time_zone, components: row.components };
  }
  const chosen = scope.kind === 'monitors' ? scope.monitorIds : scope.kind === 'page' ? [...new Set(page!.components.flatMap((c) => c.monitorIds))] : null;
  const monitors = await readDb.execute<{ id: string; name: string; interval_seconds: number; created_ms: number }>(sql`
    SELECT m.id, m.name, m.interval_seconds, (extract(epoch FROM m.created_at) * 1000)::float8 AS created_ms
    FROM monitors m JOIN agents a ON a.id = m.agent_id
    WHERE a.team_id = ${teamId} ${chosen ? sql`AND m.id = ANY (${uuidArray(chosen)})` : sql``}
    ORDER BY lower(m.name), m.id`);
  return {
    team: { name: team.name, timeZone: team.time_zone, plan: team.plan },
    monitors: monitors.map((m) => ({ id: m.id, name: m.name, intervalSeconds: m.interval_seconds, createdAt: new Date(m.created_ms) })),
    page,
  };
}

/** The time during [from, to) each monitor was degraded (periods still open run to `now`), in seconds. */
export async function degradedSecondsOf(teamId: string, monitorIds: readonly string[], range: { from: Date; to: Date }, now: Date): Promise<Map<string, number>> {
  if (monitorIds.length === 0) return new Map();
  const rows = await readDb.execute<{ monitor_id: string; seconds: number }>(sql`
    SELECT p.monitor_id, round(sum(extract(epoch FROM least(coalesce(p.ended_at, ${now.toISOString()}::timestamptz), ${range.to.toISOString()}::timestamptz)
                                         - greatest(p.started_at, ${range.from.toISOString()}::timestamptz))))::int AS seconds
    FROM degraded_periods p JOIN monitors m ON m.id = p.monitor_id JOIN agents a ON a.id = m.agent_id AND a.team_id = ${teamId}
    WHERE p.monitor_id = ANY (${uuidArray(monitorIds)}) AND p.started_at < ${range.to.toISOString()}::timestamptz
      AND coalesce(p.ended_at, ${now.toISOString()}::timestamptz) > ${range.from.toISOString()}::timestamptz
    GROUP BY p.monitor_id`);
  return new Map(rows.map((row) => [row.monitor_id, row.seconds]));
}

/** The team's time zone (UTC for a team that was never given one). */
export async function teamTimeZone(teamId: string): Promise<string> {
  const [row] = await readDb.execute<{ time_zone: string }>(sql`SELECT time_zone FROM teams WHERE id = ${teamId}`);
  return row?.time_zone ?? 'UTC';
}

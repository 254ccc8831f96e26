import 'server-only';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { agents, monitors, statusPageComponentMonitors, statusPageComponents, statusPages } from '@/db/schema';
import type { PostImpact, PostState } from '@/db/schema/status-pages';
import type { DisplayStatus } from './dashboard';
import { displayStatus } from './dashboard';

// Status pages: the owner's reads (scoped by user id, like every query here) and the one
// public read, by slug, which returns only what lib/status-pages/public-view.ts lets out.

/** A page's own columns, for its owner's settings and for the public read alike. */
const PAGE_COLUMNS = {
  id: statusPages.id,
  teamId: statusPages.teamId,
  slug: statusPages.slug,
  title: statusPages.title,
  description: statusPages.description,
  logoUrl: statusPages.logoUrl,
  timeZone: statusPages.timeZone,
  allowFraming: statusPages.allowFraming,
  sloDays: statusPages.sloDays,
  customHost: statusPages.customHost,
  passwordHash: statusPages.passwordHash,
  passwordVersion: statusPages.passwordVersion,
  updatedAt: statusPages.updatedAt,
};

export interface StatusPageListItem {
  id: string;
  slug: string;
  title: string;
  components: number;
  protected: boolean;
  updatedAt: Date;
}

export async function listStatusPages(teamId: string): Promise<StatusPageListItem[]> {
  const rows = await readDb
    .select({
      id: statusPages.id,
      slug: statusPages.slug,
      title: statusPages.title,
      passwordHash: statusPages.passwordHash,
      updatedAt: statusPages.updatedAt,
      components: count(statusPageComponents.id),
    })
    .from(statusPages)
    .leftJoin(statusPageComponents, eq(statusPageComponents.pageId, statusPages.id))
    .where(eq(statusPages.teamId, teamId))
    .groupBy(statusPages.id)
    .orderBy(desc(statusPages.updatedAt));
  return rows.map(({ passwordHash, ...row }) => ({ ...row, protected: passwordHash !== null }));
}

export interface OwnedComponent {
  id: string;
  name: string;
  description: string;
  groupName: string;
  monitors: { id: string; name: string }[];
}

/** A page as its owner edits it: its settings (no password hash: only whether it has one) and components. */
export type OwnedStatusPage = Omit<PageRecord, 'teamId' | 'passwordHash' | 'passwordVersion' | 'updatedAt'> & {
  protected: boolean;
  components: OwnedComponent[];
};

export async function statusPageForOwner(teamId: string, pageId: string): Promise<OwnedStatusPage | null> {
  const [page] = await readDb.select(PAGE_COLUMNS).from(statusPages).where(and(eq(statusPages.id, pageId), eq(statusPages.teamId, teamId)));
  if (!page) return null;
  const rows = await readDb
    .select({
      id: statusPageComponents.id,
      name: statusPageComponents.name,
      description: statusPageComponents.description,
      groupName: statusPageComponents.groupName,
      monitorId: monitors.id,
      monitorName: monitors.name,
    })
    .from(statusPageComponents)
    .leftJoin(statusPageComponentMonitors, eq(statusPageComponentMonitors.componentId, statusPageComponents.id))
    .leftJoin(monitors, eq(monitors.id, statusPageComponentMonitors.monitorId))
    .where(eq(statusPageComponents.pageId, pageId))
    .orderBy(asc(statusPageComponents.position), asc(statusPageComponents.id), asc(monitors.name));
  const components = new Map<string, OwnedComponent>();
  for (const row of rows) {
    const component = components.get(row.id) ?? { id: row.id, name: row.name, description: row.description, groupName: row.groupName, monitors: [] };
    if (row.monitorId && row.monitorName !== null) component.monitors.push({ id: row.monitorId, name: row.monitorName });
    components.set(row.id, component);
  }
  const { passwordHash, passwordVersion: _version, updatedAt: _updated, teamId: _owner, ...fields } = page;
  return { ...fields, protected: passwordHash !== null, components: [...components.values()] };
}

/** The user's monitors to choose from when backing a component. */
export async function monitorChoices(teamId: string): Promise<{ id: string; name: string }[]> {
  return readDb
    .select({ id: monitors.id, name: monitors.name })
    .from(monitors)
    .innerJoin(agents, eq(agents.id, monitors.agentId))
    .where(eq(agents.teamId, teamId))
    .orderBy(asc(monitors.name));
}

// ---- The public read --------------------------------------------------------------------

export interface PageRecord {
  id: string;
  /** The owning team: scopes the time-series reads; never shown. */
  teamId: string;
  slug: string;
  title: string;
  description: string;
  logoUrl: string | null;
  timeZone: string;
  allowFraming: boolean;
  /** Components' uptime against their SLOs over this many days on the public page; null: not shown. */
  sloDays: number | null;
  customHost: string | null;
  passwordHash: string | null;
  passwordVersion: number;
  updatedAt: Date;
}

export async function statusPageBySlug(slug: string): Promise<PageRecord | null> {
  const [page] = await readDb.select(PAGE_COLUMNS).from(statusPages).where(eq(statusPages.slug, slug.toLowerCase()));
  return page ?? null;
}

/** The page a custom host name serves. */
export async function statusPageByHost(host: string): Promise<PageRecord | null> {
  const [page] = await readDb.select(PAGE_COLUMNS).from(statusPages).where(sql`lower(${statusPages.customHost}) = ${host.toLowerCase()}`);
  return page ?? null;
}

export interface ComponentRecord {
  id: string;
  name: string;
  description: string;
  groupName: string;
  /** The display status of each of its monitors (no names). */
  monitorStatuses: DisplayStatus[];
  /** For the owner-scoped uptime reads (badges); never shown. */
  monitorIds: string[];
}

/** A page's components (or just one of them) with their monitors' display statuses, in the page's order. */
export async function pageComponents(pageId: string, pollSeconds: number, componentId?: string): Promise<ComponentRecord[]> {
  const rows = await readDb.execute<{ id: string; name: string; description: string; group_name: string; statuses: DisplayStatus[] | null; monitor_ids: string[] | null }>(sql`
    SELECT c.id, c.name, c.description, c.group_name,
           (SELECT json_agg(${displayStatus(pollSeconds)})
              FROM status_page_component_monitors cm JOIN monitors m ON m.id = cm.monitor_id JOIN agents a ON a.id = m.agent_id
             WHERE cm.component_id = c.id) AS statuses,
           (SELECT json_agg(cm.monitor_id) FROM status_page_component_monitors cm WHERE cm.component_id = c.id) AS monitor_ids
    FROM status_page_components c
    WHERE c.page_id = ${pageId} ${componentId ? sql`AND c.id = ${componentId}` : sql``}
    ORDER BY c.position, c.id`);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    groupName: row.group_name,
    monitorStatuses: row.statuses ?? [],
    monitorIds: row.monitor_ids ?? [],
  }));
}

export interface ComponentDayRows {
  /** Days in the page's zone, oldest first, with their bounds in epoch ms. */
  days: { day: string; from: number; to: number }[];
  /** component id → day → check counts */
  counts: Map<string, Map<string, { up: number; down: number; timeout: number; error: number }>>;
  /** component id → incidents of its monitors that overlap the window */
  incidents: Map<string, { start: number; end: number | null }[]>;
  /** component id → maintenance occurrences of its monitors that overlap the window (until now) */
  maintenance: Map<string, { start: number; end: number | null }[]>;
}

/** The raw material of every component's 90-day bars: hourly rollups summed per local day, and the incidents. */
export async function pageDayRows(pageId: string, timeZone: string, days: number, now: Date): Promise<ComponentDayRows> {
  const nowText = now.toISOString();
  const dayRows = await readDb.execute<{ day: string; from_ms: number; to_ms: number }>(sql`
    SELECT to_char(d::date, 'YYYY-MM-DD') AS day,
           (extract(epoch FROM (d::date::timestamp AT TIME ZONE ${timeZone})) * 1000)::float8 AS from_ms,
           (extract(epoch FROM ((d::date + 1)::timestamp AT TIME ZONE ${timeZone})) * 1000)::float8 AS to_ms
    FROM generate_series((${nowText}::timestamptz AT TIME ZONE ${timeZone})::date - ${days - 1}::int,
                         (${nowText}::timestamptz AT TIME ZONE ${timeZone})::date, INTERVAL '1 day') AS d
    ORDER BY 1`);
  const dayList = dayRows.map((row) => ({ day: row.day, from: Number(row.from_ms), to: Number(row.to_ms) }));
  const windowStart = new Date(dayList[0]!.from).toISOString();
  const windowEnd = new Date(dayList.at(-1)!.to).toISOString();
  const [countRows, incidentRows, maintenanceRows] = await Promise.all([
    readDb.execute<{ component_id: string; day: string; up: number; down: number; timeout: number; error: number }>(sql`
      SELECT cm.component_id, to_char((h.bucket AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day,
             sum(h.up_count)::int AS up, sum(h.down_count)::int AS down, sum(h.timeout_count)::int AS timeout, sum(h.error_count)::int AS error
      FROM status_page_components c
      JOIN status_page_component_monitors cm ON cm.component_id = c.id
      JOIN monitor_rollups_hourly h ON h.monitor_id = cm.monitor_id
      WHERE c.page_id = ${pageId} AND h.bucket >= ${windowStart}::timestamptz AND h.bucket < ${windowEnd}::timestamptz
      GROUP BY 1, 2`),
    readDb.execute<{ component_id: string; start_ms: number; end_ms: number | null }>(sql`
      SELECT cm.component_id, (extract(epoch FROM x.started_at) * 1000)::float8 AS start_ms,
             (extract(epoch FROM x.resolved_at) * 1000)::float8 AS end_ms
      FROM status_page_components c
      JOIN status_page_component_monitors cm ON cm.component_id = c.id
      JOIN incidents x ON x.monitor_id = cm.monitor_id
      WHERE c.page_id = ${pageId} AND x.started_at < ${nowText}::timestamptz AND coalesce(x.resolved_at, ${nowText}::timestamptz) > ${windowStart}::timestamptz`),
    readDb.execute<{ component_id: string; start_ms: number; end_ms: number }>(sql`
      SELECT DISTINCT cm.component_id, (extract(epoch FROM o.starts_at) * 1000)::float8 AS start_ms,
             (extract(epoch FROM least(o.ends_at, ${nowText}::timestamptz)) * 1000)::float8 AS end_ms
      FROM status_page_components c
      JOIN status_page_component_monitors cm ON cm.component_id = c.id
      JOIN maintenance_window_monitors wm ON wm.monitor_id = cm.monitor_id
      JOIN maintenance_occurrences o ON o.window_id = wm.window_id
      WHERE c.page_id = ${pageId} AND o.starts_at < ${nowText}::timestamptz AND o.ends_at > ${windowStart}::timestamptz`),
  ]);
  const counts: ComponentDayRows['counts'] = new Map();
  for (const row of countRows) {
    const byDay = counts.get(row.component_id) ?? new Map();
    byDay.set(row.day, { up: row.up, down: row.down, timeout: row.timeout, error: row.error });
    counts.set(row.component_id, byDay);
  }
  const incidents: ComponentDayRows['incidents'] = new Map();
  for (const row of incidentRows) {
    const list = incidents.get(row.component_id) ?? [];
    list.push({ start: Number(row.start_ms), end: row.end_ms === null ? null : Number(row.end_ms) });
    incidents.set(row.component_id, list);
  }
  const maintenance: ComponentDayRows['maintenance'] = new Map();
  for (const row of maintenanceRows) {
    const list = maintenance.get(row.component_id) ?? [];
    list.push({ start: Number(row.start_ms), end: Number(row.end_ms) });
    maintenance.set(row.component_id, list);
  }
  return { days: dayList, counts, incidents, maintenance };
}

export interface PageMaintenanceRecord {
  occurrenceId: string;
  title: string;
  /** Markdown */
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** When the window was last changed. */
  updatedAt: Date;
  /** A recurring window (this is its next time). */
  repeats: boolean;
  /** Names of this page's components backed by the window's monitors. */
  components: string[];
}

/**
 * The maintenance shown on a page (the owner chose it) that runs now or starts within
 * `days`: of each window, the occurrence under way and the next one, soonest first.
 */
export async function pageMaintenance(pageId: string, now: Date, days = 30): Promise<PageMaintenanceRecord[]> {
  const nowText = now.toISOString();
  const rows = await readDb.execute<{ id: string; title: string; description: string; starts_at: string; ends_at: string; updated_at: string; repeats: boolean; components: string[] | null }>(sql`
    SELECT o.id, w.title, w.description, o.starts_at::text, o.ends_at::text, w.updated_at::text, w.rrule IS NOT NULL AS repeats,
           (SELECT json_agg(DISTINCT c.name) FROM status_page_components c
              JOIN status_page_component_monitors cm ON cm.component_id = c.id
              JOIN maintenance_window_monitors wm ON wm.monitor_id = cm.monitor_id AND wm.window_id = w.id
             WHERE c.page_id = ${pageId}) AS components
    FROM maintenance_window_pages wp
    JOIN maintenance_windows w ON w.id = wp.window_id
    CROSS JOIN LATERAL (
      (SELECT id, starts_at, ends_at FROM maintenance_occurrences
        WHERE window_id = w.id AND starts_at <= ${nowText}::timestamptz AND ends_at > ${nowText}::timestamptz)
      UNION ALL
      (SELECT id, starts_at, ends_at FROM maintenance_occurrences
        WHERE window_id = w.id AND starts_at > ${nowText}::timestamptz AND starts_at < ${nowText}::timestamptz + make_interval(days => ${days})
        ORDER BY starts_at LIMIT 1)
    ) o
    WHERE wp.page_id = ${pageId}
    ORDER BY o.starts_at, o.id
    LIMIT 20`);
  return rows.map((row) => ({
    occurrenceId: row.id,
    title: row.title,
    description: row.description,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    updatedAt: new Date(row.updated_at),
    repeats: row.repeats,
    components: (row.components ?? []).sort(),
  }));
}

// ---- Incident posts -------------------------------------------------------------------------

export interface PostUpdateRecord {
  id: string;
  state: PostState;
  body: string;
  createdAt: Date;
}

export interface PostRecord {
  id: string;
  title: string;
  impact: PostImpact;
  createdAt: Date;
  resolvedAt: Date | null;
  /** Affected components: public names (and ids, for the owner's form). */
  components: { id: string; name: string }[];
  /** Newest first. */
  updates: PostUpdateRecord[];
}

type PostRow = { id: string; title: string; impact: PostImpact; created_at: string; resolved_at: string | null; components: { id: string; name: string }[] | null; updates: { id: string; state: PostState; body: string; created_at: string }[] | null };

const postSelect = sql`
  SELECT p.id, p.title, p.impact, p.created_at, p.resolved_at,
         (SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.position)
            FROM status_page_post_components pc JOIN status_page_components c ON c.id = pc.component_id WHERE pc.post_id = p.id) AS components,
         (SELECT json_agg(json_build_object('id', u.id, 'state', u.state, 'body', u.body, 'created_at', u.created_at) ORDER BY u.created_at DESC, u.id)
            FROM status_page_post_updates u WHERE u.post_id = p.id) AS updates
  FROM status_page_posts p`;

function toPost(row: PostRow): PostRecord {
  return {
    id: row.id,
    title: row.title,
    impact: row.impact,
    createdAt: new Date(row.created_at),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
    components: row.components ?? [],
    updates: (row.updates ?? []).map((u) => ({ id: u.id, state: u.state, body: u.body, createdAt: new Date(u.created_at) })),
  };
}

/** The owner's posts on a page, open ones first, then newest first. */
export async function postsForOwner(teamId: string, pageId: string): Promise<PostRecord[]> {
  const rows = await readDb.execute<PostRow>(sql`${postSelect}
    JOIN status_pages s ON s.id = p.page_id
    WHERE p.page_id = ${pageId} AND s.team_id = ${teamId}
    ORDER BY (p.resolved_at IS NULL) DESC, p.created_at DESC
    LIMIT 200`);
  return rows.map(toPost);
}

export async function postForOwner(teamId: string, postId: string): Promise<(PostRecord & { pageId: string }) | null> {
  const [row] = await readDb.execute<PostRow & { page_id: string }>(sql`
    SELECT q.*, p2.page_id FROM (${postSelect} JOIN status_pages s ON s.id = p.page_id WHERE p.id = ${postId} AND s.team_id = ${teamId}) q
    JOIN status_page_posts p2 ON p2.id = q.id`);
  return row ? { ...toPost(row), pageId: row.page_id } : null;
}

/** A page's open posts, and those created in one month (YYYY-MM, in the page's zone), for the public. */
export async function publicPosts(pageId: string, timeZone: string, month: string): Promise<{ open: PostRecord[]; month: PostRecord[]; earliestMonth: string | null }> {
  const [open, inMonth, [earliest]] = await Promise.all([
    readDb.execute<PostRow>(sql`${postSelect} WHERE p.page_id = ${pageId} AND p.resolved_at IS NULL ORDER BY p.created_at DESC`),
    readDb.execute<PostRow>(sql`${postSelect}
      WHERE p.page_id = ${pageId} AND p.resolved_at IS NOT NULL
        AND to_char(p.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM') = ${month}
      ORDER BY p.created_at DESC`),
    readDb.execute<{ month: string | null }>(sql`SELECT to_char(min(created_at) AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month FROM status_page_posts WHERE page_id = ${pageId}`),
  ]);
  return { open: open.map(toPost), month: inMonth.map(toPost), earliestMonth: earliest?.month ?? null };
}

/** A page's latest posts (open or not), most recently updated first, for its feeds. */
export async function recentPosts(pageId: string, limit = 50): Promise<PostRecord[]> {
  const rows = await readDb.execute<PostRow>(sql`${postSelect}
    WHERE p.page_id = ${pageId}
    ORDER BY (SELECT max(u.created_at) FROM status_page_post_updates u WHERE u.post_id = p.id) DESC NULLS LAST, p.created_at DESC
    LIMIT ${limit}`);
  return rows.map(toPost);
}

/** The user's pages with a component backed by this monitor: where an incident of it can be posted. */
export async function pagesShowingMonitor(teamId: string, monitorId: string): Promise<{ id: string; title: string }[]> {
  return readDb.execute<{ id: string; title: string }>(sql`
    SELECT DISTINCT s.id, s.title FROM status_pages s
    JOIN status_page_components c ON c.page_id = s.id
    JOIN status_page_component_monitors cm ON cm.component_id = c.id
    WHERE s.team_id = ${teamId} AND cm.monitor_id = ${monitorId}
    ORDER BY s.title`);
}

/** How many follow a page of the user's by e-mail: confirmed, and waiting for confirmation. */
export async function subscriberCounts(teamId: string, pageId: string): Promise<{ confirmed: number; pending: number }> {
  const [row] = await readDb.execute<{ confirmed: number; pending: number }>(sql`
    SELECT count(*) FILTER (WHERE s.confirmed_at IS NOT NULL)::int AS confirmed, count(*) FILTER (WHERE s.confirmed_at IS NULL)::int AS pending
    FROM status_page_subscribers s JOIN status_pages p ON p.id = s.page_id
    WHERE p.id = ${pageId} AND p.team_id = ${teamId}`);
  return { confirmed: row?.confirmed ?? 0, pending: row?.pending ?? 0 };
}

import 'server-only';
import { type PageMaintenanceRecord, pageComponents, pageDayRows, pageMaintenance, type PageRecord, type PostRecord, publicPosts } from '@/db/queries/status-pages';
import type { PostImpact, PostState } from '@/db/schema/status-pages';
import { getEnv } from '@/lib/env';
import { dayIn } from '@/lib/timezone';
import { addCounts, noChecks, uptimePercent } from '@/lib/rollups/windows';
import { slosOfComponents } from '@/db/queries/slos';
import { sloStatuses } from '@/lib/slo/reads';
import { ttlCache } from './ttl-cache';
import { COMPONENT_STATUS_LABELS, type ComponentStatus, componentStatus, type OverallStatus, overallStatus, type PublicDay, publicDay } from './status';

// Everything a public status page shows, and nothing else: the allowlist. Built from the
// page's own fields, the components' public names, and counts; a monitor's name, target,
// agent, error message or id never enters it (tests/integration/status-pages.test.ts
// renders every public route and looks for them).

export const BAR_DAYS = 90;

export interface PublicComponent {
  id: string;
  name: string;
  description: string;
  status: ComponentStatus;
  statusLabel: string;
  /** Over the 90 days; null when there were no checks. */
  uptime: number | null;
  days: PublicDay[];
  /** When the page shows SLOs and the component has one: its target and the uptime against it over the page's SLO days. */
  slo: PublicSlo | null;
}

export interface PublicSlo {
  target: number;
  days: number;
  /** Good of counted checks over the days (three decimals, rounded down); null without checks. */
  attainment: number | null;
  met: boolean | null;
}

export interface PublicGroup {
  /** Empty for the components outside any group. */
  name: string;
  components: PublicComponent[];
}

export interface PublicPost {
  id: string;
  title: string;
  impact: PostImpact;
  createdAt: Date;
  resolvedAt: Date | null;
  /** Names of the affected components. */
  components: string[];
  /** Newest first; bodies are Markdown. */
  updates: { state: PostState; body: string; createdAt: Date }[];
}

export interface PublicHistory {
  /** YYYY-MM in the page's zone */
  month: string;
  posts: PublicPost[];
  previousMonth: string | null;
  nextMonth: string | null;
}

export interface PublicMaintenance {
  id: string;
  title: string;
  /** Markdown */
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** A recurring window: this is its next time. */
  repeats: boolean;
  components: string[];
}

export interface PublicStatusPage {
  slug: string;
  title: string;
  description: string;
  logoUrl: string | null;
  timeZone: string;
  overall: OverallStatus;
  groups: PublicGroup[];
  openPosts: PublicPost[];
  /** Maintenance the owner shows on this page: under way, and coming in the next 30 days. */
  maintenance: { active: PublicMaintenance[]; upcoming: PublicMaintenance[] };
  history: PublicHistory;
  generatedAt: Date;
}

function publicPost(post: PostRecord): PublicPost {
  return {
    id: post.id,
    title: post.title,
    impact: post.impact,
    createdAt: post.createdAt,
    resolvedAt: post.resolvedAt,
    components: post.components.map((component) => component.name),
    updates: post.updates.map((update) => ({ state: update.state, body: update.body, createdAt: update.createdAt })),
  };
}

function publicMaintenance(record: PageMaintenanceRecord): PublicMaintenance {
  return {
    id: record.occurrenceId,
    title: record.title,
    description: record.description,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    repeats: record.repeats,
    components: record.components,
  };
}

/** YYYY-MM of `now` in `timeZone`. */
export function monthIn(timeZone: string, now: Date): string {
  return dayIn(now, timeZone).slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, number - 1 + by, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A ?month= the page can show: YYYY-MM, not after the current month; anything else is the current month. */
export function chooseMonth(requested: string | undefined, current: string): string {
  return requested && /^\d{4}-(0[1-9]|1[0-2])$/.test(requested) && requested <= current && requested >= '2000-01' ? requested : current;
}

// Statuses and bars are at most this old; a change of the page, its components or its posts
// moves its updated_at, part of the key, and shows at once.
export const PUBLIC_CACHE_MS = 10_000;
const views = ttlCache<PublicStatusPage>(PUBLIC_CACHE_MS);

/** The public view of a page, from the short per-instance cache when it is fresh. */
export function cachedPublicStatusPage(page: PageRecord, month?: string): Promise<PublicStatusPage> {
  return views(`${page.id}|${page.updatedAt.getTime()}|${month ?? ''}`, () => loadPublicStatusPage(page, { month }));
}

/**
 * The components' SLOs over the last `days` days: the strictest target of each component with
 * any (its name, window and budget stay private).
 */
async function componentSlos(teamId: string, componentIds: string[], days: number, now: Date): Promise<Map<string, PublicSlo>> {
  const records = await slosOfComponents(teamId, componentIds);
  const from = new Date(now.getTime() - days * 86_400_000);
  const statuses = await sloStatuses(records, now, { period: { from, to: now, end: now }, burn: false });
  const result = new Map<string, PublicSlo>();
  for (const status of statuses) {
    const id = status.slo.componentId!;
    const current = result.get(id);
    if (current && current.target >= status.slo.target) continue;
    result.set(id, { target: status.slo.target, days, attainment: status.attainment, met: status.met });
  }
  return result;
}

export async function loadPublicStatusPage(page: PageRecord, { now = new Date(), month }: { now?: Date; month?: string } = {}): Promise<PublicStatusPage> {
  const current = monthIn(page.timeZone, now);
  const shownMonth = chooseMonth(month, current);
  const [components, rows, posts, maintenance] = await Promise.all([
    pageComponents(page.id, getEnv().WATCHPOST_AGENT_POLL_SECONDS),
    pageDayRows(page.id, page.timeZone, BAR_DAYS, now),
    publicPosts(page.id, page.timeZone, shownMonth),
    pageMaintenance(page.id, now),
  ]);
  const slos = page.sloDays ? await componentSlos(page.teamId, components.map((c) => c.id), page.sloDays, now) : new Map<string, PublicSlo>();
  const groups: PublicGroup[] = [];
  const statuses: ComponentStatus[] = [];
  for (const component of components) {
    const counts = rows.counts.get(component.id);
    const spans = rows.incidents.get(component.id) ?? [];
    const held = rows.maintenance.get(component.id) ?? [];
    const total = noChecks();
    const days = rows.days.map(({ day, from, to }) => {
      const dayCounts = counts?.get(day) ?? noChecks();
      addCounts(total, dayCounts);
      return publicDay(day, dayCounts, spans, from, Math.min(to, now.getTime()), now.getTime(), held);
    });
    const status = componentStatus(component.monitorStatuses);
    statuses.push(status);
    const entry: PublicComponent = {
      id: component.id,
      name: component.name,
      description: component.description,
      status,
      statusLabel: COMPONENT_STATUS_LABELS[status],
      uptime: uptimePercent(total),
      days,
      slo: slos.get(component.id) ?? null,
    };
    const group = groups.find((g) => g.name === component.groupName);
    if (group) group.components.push(entry);
    else groups.push({ name: component.groupName, components: [entry] });
  }
  return {
    slug: page.slug,
    title: page.title,
    description: page.description,
    logoUrl: page.logoUrl,
    timeZone: page.timeZone,
    overall: overallStatus(statuses),
    groups,
    openPosts: posts.open.map(publicPost),
    maintenance: {
      active: maintenance.filter((m) => m.startsAt <= now).map(publicMaintenance),
      upcoming: maintenance.filter((m) => m.startsAt > now).map(publicMaintenance),
    },
    history: {
      month: shownMonth,
      posts: posts.month.map(publicPost),
      previousMonth: posts.earliestMonth && posts.earliestMonth < shownMonth ? shiftMonth(shownMonth, -1) : null,
      nextMonth: shownMonth < current ? shiftMonth(shownMonth, 1) : null,
    },
    generatedAt: now,
  };
}

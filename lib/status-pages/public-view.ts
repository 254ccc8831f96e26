import 'server-only';
import { type PageRecord, pageComponents, pageDayRows } from '@/db/queries/status-pages';
import { getEnv } from '@/lib/env';
import { addCounts, noChecks, uptimePercent } from '@/lib/rollups/windows';
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
}

export interface PublicGroup {
  /** Empty for the components outside any group. */
  name: string;
  components: PublicComponent[];
}

export interface PublicStatusPage {
  slug: string;
  title: string;
  description: string;
  logoUrl: string | null;
  timeZone: string;
  overall: OverallStatus;
  groups: PublicGroup[];
  generatedAt: Date;
}

export async function loadPublicStatusPage(page: PageRecord, now = new Date()): Promise<PublicStatusPage> {
  const [components, rows] = await Promise.all([pageComponents(page.id, getEnv().WATCHPOST_AGENT_POLL_SECONDS), pageDayRows(page.id, page.timeZone, BAR_DAYS, now)]);
  const groups: PublicGroup[] = [];
  const statuses: ComponentStatus[] = [];
  for (const component of components) {
    const counts = rows.counts.get(component.id);
    const spans = rows.incidents.get(component.id) ?? [];
    const total = noChecks();
    const days = rows.days.map(({ day, from, to }) => {
      const dayCounts = counts?.get(day) ?? noChecks();
      addCounts(total, dayCounts);
      return publicDay(day, dayCounts, spans, from, Math.min(to, now.getTime()), now.getTime());
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
    generatedAt: now,
  };
}

import type { DisplayStatus } from '@/db/queries/dashboard';
import { type DayCell } from '@/lib/rollups/day-cells';
import { countedChecks, type CheckCounts, failedChecks, overlaps, type Span, unionSeconds, uptimePercent } from '@/lib/rollups/windows';

export { unionSeconds };

// What a status page says, as pure rules: a component's status is the worst of its
// monitors' (paused ones do not count), the page's line is the worst of its components',
// and a day's cell is its checks' uptime with the downtime of the union of its monitors'
// incidents. Tested in tests/unit/status-page-rules.test.ts.

export type ComponentStatus = 'operational' | 'maintenance' | 'degraded' | 'unknown' | 'outage';

export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  maintenance: 'Under maintenance',
  degraded: 'Degraded performance',
  unknown: 'No recent data',
  outage: 'Outage',
};

// A monitor under maintenance says "under maintenance", not "down"; one that is down
// outside any window still makes the component an outage.
const RANK: Record<ComponentStatus, number> = { operational: 0, unknown: 1, maintenance: 2, degraded: 3, outage: 4 };

function fromMonitor(status: DisplayStatus): ComponentStatus | null {
  switch (status) {
    case 'up':
    // Some locations failing, fewer than the quorum: up by the monitor's own rule.
    case 'partial':
      return 'operational';
    case 'pending':
    case 'degraded':
      return 'degraded';
    case 'down':
      return 'outage';
    case 'paused':
      return null;
    case 'maintenance':
      return 'maintenance';
    default:
      // unknown, or stale (its agent is offline): not known to be up.
      return 'unknown';
  }
}

/** The worst status among a component's monitors; all paused (or none) is "no recent data". */
export function componentStatus(monitorStatuses: readonly DisplayStatus[]): ComponentStatus {
  let worst: ComponentStatus | null = null;
  for (const status of monitorStatuses) {
    const mapped = fromMonitor(status);
    if (mapped && (worst === null || RANK[mapped] > RANK[worst])) worst = mapped;
  }
  return worst ?? 'unknown';
}

export interface OverallStatus {
  status: ComponentStatus | 'empty';
  line: string;
}

export function overallStatus(components: readonly ComponentStatus[]): OverallStatus {
  if (components.length === 0) return { status: 'empty', line: 'Nothing is listed on this page yet' };
  const worst = components.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
  switch (worst) {
    case 'outage':
      return { status: 'outage', line: components.every((c) => c === 'outage') ? 'Major outage' : 'Partial outage' };
    case 'degraded':
      return { status: 'degraded', line: 'Degraded performance' };
    case 'maintenance':
      return { status: 'maintenance', line: 'Maintenance in progress' };
    case 'unknown':
      return { status: 'unknown', line: 'Some components have no recent data' };
    default:
      return { status: 'operational', line: 'All systems operational' };
  }
}

export type PublicDay = DayCell;

/**
 * One day of a component: its monitors' checks summed (the rollups already leave out checks
 * inside maintenance), its incidents' union as downtime minus the maintenance in it.
 */
export function publicDay(day: string, counts: CheckCounts, spans: readonly Span[], from: number, to: number, now: number, maintenance: readonly Span[] = []): PublicDay {
  return {
    day,
    uptime: uptimePercent(counts),
    checks: countedChecks(counts),
    failed: failedChecks(counts),
    downtimeSeconds: unionSeconds(spans, from, to, now) - unionSeconds(overlaps(spans, maintenance, now), from, to, now),
    incidents: spans.filter((span) => span.start < to && (span.end ?? now) > from).length,
    maintenanceSeconds: unionSeconds(maintenance, from, to, now),
  };
}

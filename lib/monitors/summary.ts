import 'server-only';
import { monitorIncidents } from '@/db/queries/incidents';
import { monitorMaintenance } from '@/db/queries/maintenance';
import { percentiles } from '@/lib/rollups/histogram';
import { monitorSeries, type Series } from '@/lib/rollups/reads';
import { type CheckSchedule, countedChecks, coverageOf, downtimeSeconds, failedChecks, type IncidentSpan, type Range, uptimePercent } from '@/lib/rollups/windows';

// A monitor's numbers over a range: what its page shows under "Latency and checks" and what
// GET /api/v1/monitors/{id}/summary returns. One function for both, so they cannot differ.

export interface RangeSummary {
  /** Up checks of counted ones, floored to 0.01 (DESIGN's uptime); null without checks. */
  uptimePercent: number | null;
  /** Time inside incidents in the range, less maintenance. */
  downtimeSeconds: number;
  incidents: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  checks: number;
  failed: number;
  /** Counted checks of those the intervals expect since the monitors were made; null before they existed. */
  coverage: number | null;
}

export function summarize(input: {
  total: Series['total'];
  incidents: readonly IncidentSpan[];
  maintenance: readonly IncidentSpan[];
  range: Range;
  now: Date;
  /** The monitor (a report's component: its monitors), for coverage. */
  monitors: readonly CheckSchedule[];
}): RangeSummary {
  const { total, range, now } = input;
  const inRange = input.incidents.filter((incident) => incident.startedAt < range.to && (incident.resolvedAt ?? now) > range.from);
  const latency = percentiles(total.histogram, [50, 95, 99]);
  const checks = countedChecks(total.counts);
  return {
    uptimePercent: uptimePercent(total.counts),
    downtimeSeconds: downtimeSeconds(inRange, range.from, range.to, now, input.maintenance),
    incidents: inRange.length,
    p50: latency[50] ?? null,
    p95: latency[95] ?? null,
    p99: latency[99] ?? null,
    checks,
    failed: failedChecks(total.counts),
    coverage: coverageOf(checks, range, input.monitors),
  };
}

/** The summary read afresh (the API); the page reads the same inputs alongside its others. */
export async function monitorSummary(teamId: string, monitor: { id: string; intervalSeconds: number; createdAt: Date | null }, range: Range, now = new Date()): Promise<RangeSummary> {
  const [series, incidents, maintenance] = await Promise.all([
    monitorSeries(teamId, monitor.id, range, now),
    monitorIncidents(teamId, monitor.id, range.from, 1000),
    monitorMaintenance(teamId, monitor.id, range.from, range.to),
  ]);
  return summarize({ total: series.total, incidents, maintenance, range, now, monitors: [monitor] });
}

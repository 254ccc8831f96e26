import 'server-only';
import { seriesRows, type TierRange, windowHistogramRows, type WindowStats, windowStatsRows } from '@/db/queries/timeseries';
import { addToHistogram, type LatencyHistogram } from './histogram';
import { addCounts, type CheckCounts, chartStep, coarsestTierFor, noChecks, type Range, type Tier, tieredRanges, type TieredRanges } from './windows';

// The time-series reads pages and badges use: the window split into the tiers that serve it
// (windows.ts), read by db/queries/timeseries.ts, and the rows put together here.

export type { WindowStats };

/** The pieces of a tiered window as one list, for the queries. */
export const flatten = (ranges: TieredRanges): TierRange[] => (Object.keys(ranges) as Tier[]).flatMap((tier) => ranges[tier].map((range) => ({ tier, ...range })));

const emptyStats = (): WindowStats => ({ ...noChecks(), latencyCount: 0, latencySum: 0 });

/** Check counts (and the sum of up latencies) per monitor over one window; every asked monitor has an entry. */
export async function windowStats(teamId: string, monitorIds: readonly string[], window: Range, now = new Date()): Promise<Map<string, WindowStats>> {
  const found = await windowStatsRows(teamId, monitorIds, flatten(tieredRanges(window.from, window.to, { now })));
  return new Map(monitorIds.map((id) => [id, found.get(id) ?? emptyStats()]));
}

export interface SeriesPoint {
  time: Date;
  counts: CheckCounts;
  histogram: LatencyHistogram;
}

export interface Series {
  step: number;
  points: SeriesPoint[];
  /** Everything in the window: the sum of the points. */
  total: { counts: CheckCounts; histogram: LatencyHistogram };
}

/**
 * One monitor's checks over a window in steps of `chartStep(window)` (≤ 500 points): per
 * step the check counts and the latency histogram of its up checks. Steps without checks
 * are absent; another team's monitor has none.
 */
export async function monitorSeries(teamId: string, monitorId: string, window: Range, now = new Date()): Promise<Series> {
  const step = chartStep(window);
  const rows = await seriesRows(teamId, monitorId, flatten(tieredRanges(window.from, window.to, { now, coarsest: coarsestTierFor(step) })), step);
  const byTime = new Map<number, SeriesPoint>();
  const total = { counts: noChecks(), histogram: new Map() as LatencyHistogram };
  for (const row of rows) {
    let point = byTime.get(row.time);
    if (!point) {
      point = { time: new Date(row.time), counts: noChecks(), histogram: new Map() };
      byTime.set(row.time, point);
    }
    const counts = { up: row.up, down: row.down, timeout: row.timeout, error: row.error };
    addCounts(point.counts, counts);
    addCounts(total.counts, counts);
    if (row.bucket !== null && row.count > 0) {
      addToHistogram(point.histogram, row.bucket, row.count);
      addToHistogram(total.histogram, row.bucket, row.count);
    }
  }
  return { step, points: [...byTime.values()].sort((a, b) => a.time.getTime() - b.time.getTime()), total };
}

/**
 * Per monitor over one window: the check counts and the latency histogram of its up checks,
 * the same totals `monitorSeries(…).total` gives one monitor, read for many in two statements.
 */
export async function windowTotals(teamId: string, monitorIds: readonly string[], window: Range, now = new Date()): Promise<Map<string, Series['total']>> {
  const tiers = flatten(tieredRanges(window.from, window.to, { now }));
  const [stats, buckets] = await Promise.all([windowStatsRows(teamId, monitorIds, tiers), windowHistogramRows(teamId, monitorIds, tiers)]);
  const result = new Map<string, Series['total']>();
  for (const id of monitorIds) {
    const s = stats.get(id);
    result.set(id, { counts: s ? { up: s.up, down: s.down, timeout: s.timeout, error: s.error } : noChecks(), histogram: new Map() });
  }
  for (const row of buckets) {
    const total = result.get(row.monitorId);
    if (total) addToHistogram(total.histogram, row.bucket, row.count);
  }
  return result;
}

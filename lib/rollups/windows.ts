// How a time window is read, and what its numbers mean (DESIGN.md, "Uptime and latency").
// Pure: the queries in db/queries/timeseries.ts feed and use these.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/**
 * A window ending this close to now is "live": its last, unfinished hour is read from the
 * hourly rollup like the others. The refresh folds new rows in every few seconds, so a live
 * window lags the raw rows by seconds, never by more than the 60 s DESIGN.md allows.
 */
export const LIVE_EDGE_MS = 2 * 60_000;

export type Tier = 'raw' | 'hourly' | 'daily';
export interface Range {
  from: Date;
  to: Date;
}
export type TieredRanges = Record<Tier, Range[]>;

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

/**
 * Split [from, to) into the pieces each source serves: whole UTC days from daily rollups
 * (when `coarsest` allows), whole hours from hourly rollups, and the ragged edges from raw
 * heartbeats. The pieces do not overlap and cover the window, so counts from them add up
 * to a raw recount. A live window (ending within LIVE_EDGE_MS of `now`) reads its current
 * hour from the rollup too: that bucket holds nothing later than now.
 */
export function tieredRanges(from: Date, to: Date, { now, coarsest = 'daily' }: { now: Date; coarsest?: Tier }): TieredRanges {
  const result: TieredRanges = { raw: [], hourly: [], daily: [] };
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return result;
  const push = (tier: Tier, a: number, b: number) => {
    if (b > a) result[tier].push({ from: new Date(a), to: new Date(b) });
  };
  if (coarsest === 'raw') {
    push('raw', start, end);
    return result;
  }
  const live = end >= now.getTime() - LIVE_EDGE_MS;
  const hoursFrom = ceilTo(start, HOUR_MS);
  const hoursTo = live ? ceilTo(end, HOUR_MS) : floorTo(end, HOUR_MS);
  if (hoursTo <= hoursFrom) {
    push('raw', start, end);
    return result;
  }
  push('raw', start, hoursFrom);
  const daysFrom = ceilTo(hoursFrom, DAY_MS);
  const daysTo = floorTo(hoursTo, DAY_MS);
  if (coarsest === 'daily' && daysTo > daysFrom) {
    push('hourly', hoursFrom, daysFrom);
    push('daily', daysFrom, daysTo);
    push('hourly', daysTo, hoursTo);
  } else {
    push('hourly', hoursFrom, hoursTo);
  }
  if (!live) push('raw', hoursTo, end);
  return result;
}

export interface CheckCounts {
  up: number;
  down: number;
  timeout: number;
  error: number;
}

export const noChecks = (): CheckCounts => ({ up: 0, down: 0, timeout: 0, error: 0 });

export function addCounts(into: CheckCounts, from: CheckCounts): CheckCounts {
  into.up += from.up;
  into.down += from.down;
  into.timeout += from.timeout;
  into.error += from.error;
  return into;
}

export const countedChecks = (counts: CheckCounts) => counts.up + counts.down + counts.timeout + counts.error;
export const failedChecks = (counts: CheckCounts) => counts.down + counts.timeout + counts.error;

/**
 * Uptime in percent, two decimals, rounded down (1,439 of 1,440 → 99.93): never 100.00
 * when a check failed. Null when the window has no checks ("no data", never 100 %).
 */
export function uptimePercent(counts: CheckCounts): number | null {
  const counted = countedChecks(counts);
  if (counted === 0) return null;
  return Math.floor((counts.up * 10_000) / counted) / 100;
}

export interface IncidentSpan {
  startedAt: Date;
  resolvedAt: Date | null;
}

/** Seconds of [from, to) covered by incidents (an open one lasts until `now`; overlaps count once), minus `maintenance`. */
export function downtimeSeconds(incidents: readonly IncidentSpan[], from: Date, to: Date, now: Date, maintenance: readonly IncidentSpan[] = []): number {
  const spans = (list: readonly IncidentSpan[]): Span[] => list.map((item) => ({ start: item.startedAt.getTime(), end: item.resolvedAt?.getTime() ?? null }));
  const down = spans(incidents);
  const [f, t, n] = [from.getTime(), to.getTime(), now.getTime()];
  return unionSeconds(down, f, t, n) - unionSeconds(overlaps(down, spans(maintenance), n), f, t, n);
}

export interface CheckSchedule {
  intervalSeconds: number;
  createdAt: Date | null;
}

/** Checks the monitors' intervals expect over [from, end), each from its creation if later (none when end ≤ from). */
export function expectedChecks(monitors: readonly CheckSchedule[], from: Date, end: Date): number {
  return monitors.reduce((sum, monitor) => {
    const start = Math.max(from.getTime(), monitor.createdAt?.getTime() ?? -Infinity);
    return sum + Math.max(0, Math.floor((end.getTime() - start) / (monitor.intervalSeconds * 1000)));
  }, 0);
}

/**
 * Share of the window with data: checks received over checks expected at the monitors'
 * intervals (each from its creation, if that is inside the window). Null when nothing was due.
 */
export function coverageOf(counted: number, window: Range, monitors: readonly CheckSchedule[]): number | null {
  const expected = expectedChecks(monitors, window.from, window.to);
  if (expected <= 0) return null;
  return Math.min(1, counted / expected);
}

/** One monitor's coverage (coverageOf). */
export const coverage = (counted: number, window: Range, intervalSeconds: number, createdAt: Date | null) => coverageOf(counted, window, [{ intervalSeconds, createdAt }]);

/** The chart's step for a window: the smallest of a fixed ladder that keeps it to ≤ 500 points. */
const STEPS_MS = [60_000, 5 * 60_000, 15 * 60_000, HOUR_MS, 2 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS, 7 * DAY_MS];
export const MAX_POINTS = 500;

export function chartStep(window: Range): number {
  const span = window.to.getTime() - window.from.getTime();
  return STEPS_MS.find((step) => span / step <= MAX_POINTS) ?? STEPS_MS.at(-1)!;
}

/** The source a chart step may read: rollups cannot be split finer than they are. */
export function coarsestTierFor(step: number): Tier {
  if (step % DAY_MS === 0) return 'daily';
  if (step % HOUR_MS === 0) return 'hourly';
  return 'raw';
}

export interface Span {
  start: number;
  /** null while open */
  end: number | null;
}

/** Seconds of [from, to) covered by at least one span (open spans run to `now`). */
export function unionSeconds(spans: readonly Span[], from: number, to: number, now: number): number {
  const clipped = spans
    .map((span) => [Math.max(span.start, from), Math.min(span.end ?? now, to)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [runStart, runEnd] = [Number.NaN, Number.NaN];
  for (const [start, end] of clipped) {
    if (Number.isNaN(runStart) || start > runEnd) {
      if (!Number.isNaN(runStart)) total += runEnd - runStart;
      [runStart, runEnd] = [start, end];
    } else runEnd = Math.max(runEnd, end);
  }
  if (!Number.isNaN(runStart)) total += runEnd - runStart;
  return Math.round(total / 1000);
}

/** The parts of `spans` inside `holes` (open spans run to `now`). */
export function overlaps(spans: readonly Span[], holes: readonly Span[], now: number): Span[] {
  const parts: Span[] = [];
  for (const span of spans) {
    for (const hole of holes) {
      const start = Math.max(span.start, hole.start);
      const end = Math.min(span.end ?? now, hole.end ?? now);
      if (end > start) parts.push({ start, end });
    }
  }
  return parts;
}

import 'server-only';
import { degradedUpCounts, type SloRecord } from '@/db/queries/slos';
import type { TimeRange } from '@/db/queries/timeseries';
import { monitorSeries, windowStats, type WindowStats } from '@/lib/rollups/reads';
import { expectedChecks, failedChecks } from '@/lib/rollups/windows';
import {
  attainment,
  BURN_WINDOW_NAMES,
  BURN_WINDOWS,
  burnAlert,
  burnRate,
  type BurnWindow,
  coveredMinutes,
  errorBudget,
  type ErrorBudget,
  type SloCounts,
  type SloPeriod,
  sloPeriod,
} from './compute';

// An SLO's numbers at a moment: its window so far, the error budget and the burn rates, from
// the check counts every uptime is read from (rollups plus raw edges, maintenance left out),
// less the up checks inside degraded periods when those count as down.

export interface SloStatus {
  slo: SloRecord;
  period: SloPeriod;
  counts: SloCounts;
  /** Good of counted so far, three decimals rounded down; null without checks. */
  attainment: number | null;
  /** Whether the attainment so far meets the target; null without checks. */
  met: boolean | null;
  budget: ErrorBudget;
  burn: Record<BurnWindow, number | null>;
  alert: { fast: boolean; slow: boolean };
}

const key = (range: TimeRange) => `${range.from.getTime()}-${range.to.getTime()}`;

/** Good and bad checks of `monitorIds` from per-monitor stats, less degraded up checks. */
function countsOf(monitorIds: readonly string[], stats: Map<string, WindowStats>, degraded: Map<string, number> | null): SloCounts {
  let good = 0;
  let bad = 0;
  for (const id of monitorIds) {
    const s = stats.get(id);
    if (!s) continue;
    const lost = degraded?.get(id) ?? 0;
    good += s.up - lost;
    bad += failedChecks(s) + lost;
  }
  return { good, bad };
}

/**
 * The statuses of SLOs (any teams'), reading each distinct window once per team for all its
 * SLOs' monitors. A report passes its own `period` (every SLO measured over it) and no burn.
 */
export async function sloStatuses(slos: readonly SloRecord[], now = new Date(), options: { period?: SloPeriod; burn?: boolean } = {}): Promise<SloStatus[]> {
  const byTeam = new Map<string, SloRecord[]>();
  for (const slo of slos) byTeam.set(slo.teamId, [...(byTeam.get(slo.teamId) ?? []), slo]);
  const burnRanges = options.burn === false ? [] : BURN_WINDOW_NAMES.map((name) => ({ from: new Date(now.getTime() - BURN_WINDOWS[name]), to: now }));
  const result = new Map<string, SloStatus>();
  for (const [teamId, teamSlos] of byTeam) {
    const periods = new Map(teamSlos.map((slo) => [slo.id, options.period ?? sloPeriod(slo.window, now, slo.timeZone)]));
    const ranges = new Map<string, TimeRange>();
    for (const range of [...periods.values(), ...burnRanges]) ranges.set(key(range), { from: range.from, to: range.to });
    const monitorIds = [...new Set(teamSlos.flatMap((slo) => slo.monitors.map((m) => m.id)))];
    const degradedIds = [...new Set(teamSlos.filter((slo) => slo.degradedCountsAsDown).flatMap((slo) => slo.monitors.map((m) => m.id)))];
    const rangeList = [...ranges.entries()];
    const [stats, degraded] = await Promise.all([
      Promise.all(rangeList.map(([, range]) => windowStats(teamId, monitorIds, range, now))),
      degradedUpCounts(teamId, degradedIds, rangeList.map(([, range]) => range)),
    ]);
    const read = new Map(rangeList.map(([k], i) => [k, { stats: stats[i]!, degraded: degraded[i]! }]));
    for (const slo of teamSlos) {
      const ids = slo.monitors.map((m) => m.id);
      const countsIn = (range: TimeRange) => {
        const r = read.get(key(range))!;
        return countsOf(ids, r.stats, slo.degradedCountsAsDown ? r.degraded : null);
      };
      const period = periods.get(slo.id)!;
      const counts = countsIn(period);
      const burn = Object.fromEntries(BURN_WINDOW_NAMES.map((name, i) => [name, burnRanges[i] ? burnRate(countsIn(burnRanges[i]), slo.target) : null])) as Record<BurnWindow, number | null>;
      const value = attainment(counts);
      result.set(slo.id, {
        slo,
        period,
        counts,
        attainment: value,
        met: value === null ? null : value >= slo.target,
        budget: budgetOf(slo, counts, period),
        burn,
        alert: burnAlert(burn, slo),
      });
    }
  }
  return slos.map((slo) => result.get(slo.id)!);
}

/**
 * The budget: (100 − target) % of the checks counted so far plus those the monitors'
 * intervals expect until the window ends (none for a rolling window). So, once the window is
 * over, the budget is spent exactly when the attainment falls below the target.
 */
function budgetOf(slo: SloRecord, counts: SloCounts, period: SloPeriod): ErrorBudget {
  const checks = counts.good + counts.bad + expectedChecks(slo.monitors, period.to, period.end);
  return errorBudget(counts, slo.target, checks, coveredMinutes(slo.monitors, period.from, period.end));
}

export interface BurnDownPoint {
  time: Date;
  /** Budget left after this step, in checks (negative once overspent). */
  left: number;
  /** The same as a share of the budget; null with a 100 % target. */
  leftShare: number | null;
}

/**
 * The budget across the window: after each chart step, what is left of it. The steps are the
 * monitor page's chart steps (≤ 500 over the window), summed over the SLO's monitors.
 */
export async function burnDown(status: SloStatus, now = new Date()): Promise<{ step: number; points: BurnDownPoint[] }> {
  const { slo, period, budget } = status;
  const range = { from: period.from, to: period.to };
  const series = await Promise.all(slo.monitors.map((m) => monitorSeries(slo.teamId, m.id, range, now)));
  const step = series[0]?.step ?? 0;
  const bad = new Map<number, number>();
  for (const s of series) for (const point of s.points) bad.set(point.time.getTime(), (bad.get(point.time.getTime()) ?? 0) + failedChecks(point.counts));
  if (slo.degradedCountsAsDown && step > 0) {
    const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.time.getTime())))].sort((a, b) => a - b);
    const steps = times.map((t) => ({ from: new Date(Math.max(t, range.from.getTime())), to: new Date(Math.min(t + step, range.to.getTime())) }));
    const degraded = await degradedUpCounts(slo.teamId, slo.monitors.map((m) => m.id), steps);
    times.forEach((t, i) => {
      let lost = 0;
      for (const n of degraded[i]!.values()) lost += n;
      bad.set(t, (bad.get(t) ?? 0) + lost);
    });
  }
  let left = budget.allowed;
  const points = [...bad.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([time, n]) => {
      left -= n;
      return { time: new Date(time), left, leftShare: budget.allowed > 0 ? left / budget.allowed : null };
    });
  return { step, points };
}

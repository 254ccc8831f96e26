import type { SloWindow } from '@/db/schema/slos';
import type { CheckSchedule } from '@/lib/rollups/windows';
import { dayIn, wallTimeToDate } from '@/lib/timezone';

// What an SLO's numbers mean (docs/slos.md). Pure: lib/slo/reads.ts feeds these with counts
// read like every uptime (rollups plus raw edges, maintenance left out).
//
// - A check is good when it is up (and, with "degraded counts as down", not inside a
//   degraded period); bad otherwise. Maintenance is not counted at all.
// - Attainment = good / counted in the window so far, three decimals rounded down.
// - The error budget is the share of the window's checks the target allows to be bad:
//   (100 − target) % of the checks counted so far plus those the monitors' intervals expect
//   until the window ends (a calendar month's rest; nothing for a rolling window). In
//   minutes: (100 − target) % of the window (from the subject's creation if later).
// - Burn rate over the last L = (bad / counted in L) / (100 − target) %: 1 spends the budget
//   exactly over the window; 14.4 spends a 30-day budget in 2 days.

export const BURN_WINDOWS = { '5m': 5 * 60_000, '30m': 30 * 60_000, '1h': 60 * 60_000, '6h': 6 * 60 * 60_000, '3d': 3 * 24 * 60 * 60_000 } as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;
export const BURN_WINDOW_NAMES = Object.keys(BURN_WINDOWS) as BurnWindow[];

export const WINDOW_LABELS: Record<SloWindow, string> = {
  '7d': 'Rolling 7 days',
  '28d': 'Rolling 28 days',
  '30d': 'Rolling 30 days',
  '90d': 'Rolling 90 days',
  month: 'Calendar month',
  quarter: 'Calendar quarter',
};

const DAY_MS = 86_400_000;
const ROLLING_DAYS: Partial<Record<SloWindow, number>> = { '7d': 7, '28d': 28, '30d': 30, '90d': 90 };

export interface SloPeriod {
  from: Date;
  /** Now: what is counted so far. */
  to: Date;
  /** Where the window ends: now for a rolling one, the end of the month or quarter for a calendar one. */
  end: Date;
}

/** Midnight of the 1st of a month (months past 12 roll into the next year) in `timeZone`. */
export function monthStart(year: number, month: number, timeZone: string): Date {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return wallTimeToDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01T00:00`, timeZone)!;
}

/** The window an SLO is measured over at `now`. Calendar windows are the team's time zone. */
export function sloPeriod(window: SloWindow, now: Date, timeZone: string): SloPeriod {
  const days = ROLLING_DAYS[window];
  if (days) return { from: new Date(now.getTime() - days * DAY_MS), to: now, end: now };
  const [year, month] = dayIn(now, timeZone).split('-').map(Number) as [number, number];
  const first = window === 'month' ? month : Math.floor((month - 1) / 3) * 3 + 1;
  const length = window === 'month' ? 1 : 3;
  return { from: monthStart(year, first, timeZone), to: now, end: monthStart(year, first + length, timeZone) };
}

/** A target in thousandths of a percent (99.95 → 99,950), so budgets are exact. */
const milli = (target: number) => Math.round(target * 1000);

/** The share of checks the target allows to be bad: (100 − target) %. */
export const badShare = (target: number) => (100_000 - milli(target)) / 100_000;

export interface SloCounts {
  good: number;
  bad: number;
}

/** Percent of good checks, three decimals rounded down; null without checks. */
export function attainment({ good, bad }: SloCounts): number | null {
  const total = good + bad;
  if (total === 0) return null;
  return Math.floor((good * 100_000) / total) / 1000;
}

/** (bad / counted) / allowed share; null without checks, or with a 100 % target (no budget to burn). */
export function burnRate({ good, bad }: SloCounts, target: number): number | null {
  const total = good + bad;
  const share = badShare(target);
  if (total === 0 || share === 0) return null;
  return bad / total / share;
}


export interface ErrorBudget {
  /** Bad checks the target allows over the window: of those counted and those still to come (a fraction: 43.2). */
  allowed: number;
  /** Bad checks so far. */
  used: number;
  /** allowed − used (negative once overspent). */
  left: number;
  /** left / allowed; null with a 100 % target (nothing is allowed). */
  leftShare: number | null;
  /** The same in minutes: (100 − target) % of the window (from the subject's creation). */
  allowedMinutes: number;
  usedMinutes: number;
  exhausted: boolean;
}

export function errorBudget(counts: SloCounts, target: number, expected: number, coveredMinutes: number): ErrorBudget {
  const share = badShare(target);
  const allowed = expected * share;
  const used = counts.bad;
  const minutesPerCheck = expected > 0 ? coveredMinutes / expected : 0;
  return {
    allowed,
    used,
    left: allowed - used,
    leftShare: allowed > 0 ? (allowed - used) / allowed : null,
    allowedMinutes: coveredMinutes * share,
    usedMinutes: used * minutesPerCheck,
    exhausted: used > 0 && used >= allowed,
  };
}

/** Minutes of [from, end) since the earliest of the monitors was made. */
export function coveredMinutes(monitors: readonly CheckSchedule[], from: Date, end: Date): number {
  const created = monitors.length ? Math.min(...monitors.map((m) => m.createdAt?.getTime() ?? -Infinity)) : end.getTime();
  return Math.max(0, end.getTime() - Math.max(from.getTime(), created)) / 60_000;
}

export interface BurnThresholds {
  fastBurn: number;
  slowBurn: number;
}

/**
 * The multi-window alert of the SRE workbook: fast when the 1 h and 5 min burn rates are both
 * at least `fastBurn`; slow when the 6 h and 30 min ones are at least `slowBurn`.
 */
export function burnAlert(burn: Record<BurnWindow, number | null>, { fastBurn, slowBurn }: BurnThresholds): { fast: boolean; slow: boolean } {
  const atLeast = (value: number | null, limit: number) => value !== null && value >= limit;
  return {
    fast: atLeast(burn['1h'], fastBurn) && atLeast(burn['5m'], fastBurn),
    slow: atLeast(burn['6h'], slowBurn) && atLeast(burn['30m'], slowBurn),
  };
}

export interface AlertState {
  burningSince: Date | null;
  exhaustedAt: Date | null;
}

/**
 * The next alert state and what to tell: `slo.burning` once when an episode begins (it ends
 * when neither alert holds), `slo.exhausted` once when the budget runs out (again only after
 * budget was left in between).
 */
export function nextAlertState(state: AlertState, now: Date, { burning, exhausted }: { burning: boolean; exhausted: boolean }): { state: AlertState; tell: ('slo.burning' | 'slo.exhausted')[] } {
  const tell: ('slo.burning' | 'slo.exhausted')[] = [];
  const next: AlertState = { ...state };
  if (burning && !state.burningSince) {
    next.burningSince = now;
    tell.push('slo.burning');
  } else if (!burning && state.burningSince) next.burningSince = null;
  if (exhausted && !state.exhaustedAt) {
    next.exhaustedAt = now;
    tell.push('slo.exhausted');
  } else if (!exhausted && state.exhaustedAt) next.exhaustedAt = null;
  return { state: next, tell };
}

/** Risk for sorting: the least budget left first (an exhausted SLO before all), then the fastest burn. */
export function riskOrder(a: { budget: Pick<ErrorBudget, 'leftShare' | 'exhausted'>; burn: Pick<Record<BurnWindow, number | null>, '1h'> }, b: typeof a): number {
  const left = (x: typeof a) => (x.budget.exhausted ? -Infinity : (x.budget.leftShare ?? 1));
  const [la, lb] = [left(a), left(b)];
  if (la !== lb) return la < lb ? -1 : 1;
  return (b.burn['1h'] ?? 0) - (a.burn['1h'] ?? 0);
}

import type { ErrorBudget } from './compute';

// How SLO numbers read on pages, reports and messages.

/** 14.4× ; "–" without checks or without a budget. */
export const formatBurn = (rate: number | null | undefined) => (rate == null ? '–' : rate >= 100 ? `${Math.round(rate)}×` : `${rate.toFixed(1)}×`);

/** The share of budget left, one decimal, never below 0 shown as less than 0 %: "overspent". */
export function formatBudgetLeft(budget: Pick<ErrorBudget, 'leftShare' | 'used'>): string {
  if (budget.leftShare === null) return budget.used > 0 ? 'none: nothing may fail' : 'none allowed, none used';
  if (budget.leftShare < 0) return `overspent by ${(-budget.leftShare * 100).toFixed(1)} %`;
  return `${(Math.floor(budget.leftShare * 1000) / 10).toFixed(1)} %`;
}

/** 99.95 % (the target as entered, no trailing zeros). */
export const formatTarget = (target: number) => `${Number(target.toFixed(3))} %`;

/** Attainment, three decimals rounded down, or "no data". */
export const formatAttainment = (value: number | null) => (value === null ? 'no data' : `${value.toFixed(3)} %`);

/** Minutes as "43 min" or "2 h 5 min". */
export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes * 10) / 10;
  if (Math.abs(rounded) < 60) return `${rounded % 1 === 0 ? rounded : rounded.toFixed(1)} min`;
  const whole = Math.round(minutes);
  return `${Math.floor(whole / 60)} h${whole % 60 ? ` ${whole % 60} min` : ''}`;
}

/** What an SLO is doing now, in a word, and the badge's colours. */
export function sloState(status: { budget: Pick<ErrorBudget, 'exhausted'>; alert: { fast: boolean; slow: boolean }; attainment: number | null }): { label: string; tone: string } {
  if (status.budget.exhausted) return { label: 'Budget used up', tone: 'bg-red-100 text-red-800' };
  if (status.alert.fast || status.alert.slow) return { label: 'Burning fast', tone: 'bg-amber-100 text-amber-900' };
  if (status.attainment === null) return { label: 'No data', tone: 'bg-slate-100 text-slate-700' };
  return { label: 'On track', tone: 'bg-emerald-100 text-emerald-800' };
}

import { describe, expect, it } from 'vitest';
import { attainment, badShare, burnAlert, burnRate, errorBudget, nextAlertState, riskOrder, sloPeriod } from '@/lib/slo/compute';
import { expectedChecks } from '@/lib/rollups/windows';
import { lastMonth, lastWeek, periodOfDays } from '@/lib/reports/period';

describe('SLO windows', () => {
  const now = new Date('2026-11-15T12:00:00Z');
  it('rolls back N days, or spans the calendar month or quarter in the team’s zone', () => {
    expect(sloPeriod('30d', now, 'UTC')).toEqual({ from: new Date('2026-10-16T12:00:00Z'), to: now, end: now });
    // November in New York: from 04:00 UTC on the 1st (EDT) to 05:00 UTC on Dec 1 (EST), 30 days and an hour.
    expect(sloPeriod('month', now, 'America/New_York')).toEqual({ from: new Date('2026-11-01T04:00:00Z'), to: now, end: new Date('2026-12-01T05:00:00Z') });
    expect(sloPeriod('quarter', now, 'Europe/Berlin')).toEqual({ from: new Date('2026-09-30T22:00:00Z'), to: now, end: new Date('2026-12-31T23:00:00Z') });
    // Just after midnight in Tokyo it is already December there.
    expect(sloPeriod('month', new Date('2026-11-30T15:30:00Z'), 'Asia/Tokyo').from).toEqual(new Date('2026-11-30T15:00:00Z'));
  });

  it('reports cover last month and last week in the zone', () => {
    expect(lastMonth(new Date('2026-12-01T00:30:00Z'), 'America/New_York')).toEqual({ fromDay: '2026-10-01', toDay: '2026-10-31' });
    expect(lastMonth(new Date('2026-01-10T00:00:00Z'), 'UTC')).toEqual({ fromDay: '2025-12-01', toDay: '2025-12-31' });
    expect(lastWeek(new Date('2026-12-03T10:00:00Z'), 'UTC')).toEqual({ fromDay: '2026-11-23', toDay: '2026-11-29' });
    expect(lastWeek(new Date('2026-12-07T10:00:00Z'), 'UTC')).toEqual({ fromDay: '2026-11-30', toDay: '2026-12-06' });
    expect(periodOfDays('2026-03-29', '2026-03-29', 'Europe/Berlin')).toEqual({ from: new Date('2026-03-28T23:00:00Z'), to: new Date('2026-03-29T22:00:00Z') });
  });
});

describe('budgets and burn', () => {
  it('allows (100 − target) % of the expected checks, exactly', () => {
    expect(badShare(99.9)).toBe(0.001);
    expect(badShare(99.95)).toBe(0.0005);
    expect(badShare(100)).toBe(0);
    const budget = errorBudget({ good: 43_000, bad: 20 }, 99.9, 43_200, 43_200);
    expect(budget).toMatchObject({ allowed: 43.2, used: 20, exhausted: false, allowedMinutes: 43.2, usedMinutes: 20 });
    expect(budget.leftShare).toBeCloseTo(23.2 / 43.2, 12);
    expect(errorBudget({ good: 10, bad: 0 }, 100, 43_200, 43_200)).toMatchObject({ allowed: 0, leftShare: null, exhausted: false });
    expect(errorBudget({ good: 10, bad: 1 }, 100, 43_200, 43_200)).toMatchObject({ allowed: 0, exhausted: true });
    expect(errorBudget({ good: 0, bad: 44 }, 99.9, 43_200, 43_200).exhausted).toBe(true);
    // Two monitors at 60 s over 30 days: twice the checks, the same minutes.
    expect(errorBudget({ good: 0, bad: 2 }, 99.9, 86_400, 43_200)).toMatchObject({ allowedMinutes: 43.2, usedMinutes: 1 });
  });

  it('expects checks from each monitor’s creation, and reads attainment rounded down', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const end = new Date('2026-11-02T00:00:00Z');
    expect(expectedChecks([{ intervalSeconds: 60, createdAt: null }, { intervalSeconds: 300, createdAt: new Date('2026-11-01T12:00:00Z') }], from, end)).toBe(1440 + 144);
    expect(attainment({ good: 1439, bad: 1 })).toBe(99.93);
    expect(attainment({ good: 99_999, bad: 1 })).toBe(99.999);
    expect(attainment({ good: 0, bad: 0 })).toBeNull();
    expect(burnRate({ good: 990, bad: 10 }, 99.9)).toBeCloseTo(10, 9);
    expect(burnRate({ good: 0, bad: 0 }, 99.9)).toBeNull();
    expect(burnRate({ good: 1, bad: 1 }, 100)).toBeNull();
  });

  it('alerts only when the long and the short window both burn', () => {
    const thresholds = { fastBurn: 14.4, slowBurn: 6 };
    const burn = (b1h: number, b5m: number, b6h: number, b30m: number) => ({ '5m': b5m, '30m': b30m, '1h': b1h, '6h': b6h, '3d': 1 });
    expect(burnAlert(burn(15, 20, 1, 1), thresholds)).toEqual({ fast: true, slow: false });
    expect(burnAlert(burn(15, 2, 1, 1), thresholds)).toEqual({ fast: false, slow: false });
    expect(burnAlert(burn(1, 1, 7, 6), thresholds)).toEqual({ fast: false, slow: true });
    expect(burnAlert(burn(1, 1, 7, 5.9), thresholds)).toEqual({ fast: false, slow: false });
  });

  it('tells each episode once, and exhaustion again only after budget came back', () => {
    const t = (n: number) => new Date(Date.UTC(2026, 10, 1, 0, n));
    let state = { burningSince: null as Date | null, exhaustedAt: null as Date | null };
    const step = (n: number, burning: boolean, exhausted: boolean) => {
      const next = nextAlertState(state, t(n), { burning, exhausted });
      state = next.state;
      return next.tell;
    };
    expect(step(0, true, false)).toEqual(['slo.burning']);
    expect(step(1, true, false)).toEqual([]);
    expect(step(2, true, true)).toEqual(['slo.exhausted']);
    expect(step(3, false, true)).toEqual([]);
    expect(state.burningSince).toBeNull();
    expect(step(4, true, true)).toEqual(['slo.burning']);
    expect(step(5, false, false)).toEqual([]);
    expect(step(6, false, true)).toEqual(['slo.exhausted']);
  });

  it('sorts by risk: exhausted first, then least left, then fastest burn', () => {
    const item = (name: string, leftShare: number | null, exhausted: boolean, burn1h: number | null) => ({ name, budget: { leftShare, exhausted }, burn: { '1h': burn1h } });
    const items = [item('a', 0.5, false, 1), item('b', -0.2, true, 0), item('c', 0.5, false, 20), item('d', null, true, null), item('e', 0.1, false, 0)];
    expect([...items].sort(riskOrder).map((i) => i.name)).toEqual(['b', 'd', 'e', 'c', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import { chartStep, coverage, DAY_MS, downtimeSeconds, HOUR_MS, MAX_POINTS, tieredRanges, uptimePercent } from '@/lib/rollups/windows';

const t = (iso: string) => new Date(iso);
const iso = (ranges: { from: Date; to: Date }[]) => ranges.map((r) => `${r.from.toISOString()}…${r.to.toISOString()}`);

describe('uptime', () => {
  it('rounds down to two decimals, so any failure is below 100 %', () => {
    expect(uptimePercent({ up: 1439, down: 1, timeout: 0, error: 0 })).toBe(99.93);
    expect(uptimePercent({ up: 99_999, down: 0, timeout: 1, error: 0 })).toBe(99.99);
    expect(uptimePercent({ up: 10, down: 0, timeout: 0, error: 0 })).toBe(100);
    expect(uptimePercent({ up: 0, down: 3, timeout: 2, error: 1 })).toBe(0);
    expect(uptimePercent({ up: 2, down: 0, timeout: 0, error: 1 })).toBe(66.66);
  });

  it('is no data, not 100 %, for a window without checks', () => {
    expect(uptimePercent({ up: 0, down: 0, timeout: 0, error: 0 })).toBeNull();
  });
});

describe('downtime', () => {
  const from = t('2026-01-01T00:00:00Z');
  const to = t('2026-01-02T00:00:00Z');
  const now = t('2026-01-03T00:00:00Z');
  it('is the overlap of the window with incidents, open ones lasting until now, overlaps counted once', () => {
    expect(downtimeSeconds([], from, to, now)).toBe(0);
    expect(downtimeSeconds([{ startedAt: t('2025-12-31T23:50:00Z'), resolvedAt: t('2026-01-01T00:10:00Z') }], from, to, now)).toBe(600);
    expect(downtimeSeconds([{ startedAt: t('2026-01-01T23:00:00Z'), resolvedAt: null }], from, to, now)).toBe(3600);
    expect(
      downtimeSeconds(
        [
          { startedAt: t('2026-01-01T01:00:00Z'), resolvedAt: t('2026-01-01T02:00:00Z') },
          { startedAt: t('2026-01-01T01:30:00Z'), resolvedAt: t('2026-01-01T02:30:00Z') },
        ],
        from,
        to,
        now,
      ),
    ).toBe(5400);
    expect(downtimeSeconds([{ startedAt: t('2026-01-05T00:00:00Z'), resolvedAt: null }], from, to, now)).toBe(0);
  });
});

describe('coverage', () => {
  it('counts checks against the interval from the monitor creation on', () => {
    const window = { from: t('2026-01-01T00:00:00Z'), to: t('2026-01-01T01:00:00Z') };
    expect(coverage(60, window, 60, null)).toBe(1);
    expect(coverage(30, window, 60, null)).toBe(0.5);
    expect(coverage(30, window, 60, t('2026-01-01T00:30:00Z'))).toBe(1);
    expect(coverage(0, window, 60, t('2026-01-01T02:00:00Z'))).toBeNull();
  });
});

describe('reading a window', () => {
  const now = t('2026-03-10T12:45:00Z');
  it('reads whole days from daily rollups, whole hours from hourly ones and the ragged edges raw, covering the window exactly', () => {
    const ranges = tieredRanges(t('2026-03-01T10:15:00Z'), t('2026-03-08T12:40:00Z'), { now });
    expect(iso(ranges.raw)).toEqual(['2026-03-01T10:15:00.000Z…2026-03-01T11:00:00.000Z', '2026-03-08T12:00:00.000Z…2026-03-08T12:40:00.000Z']);
    expect(iso(ranges.hourly)).toEqual(['2026-03-01T11:00:00.000Z…2026-03-02T00:00:00.000Z', '2026-03-08T00:00:00.000Z…2026-03-08T12:00:00.000Z']);
    expect(iso(ranges.daily)).toEqual(['2026-03-02T00:00:00.000Z…2026-03-08T00:00:00.000Z']);
  });

  it('reads the current hour of a window that ends now from its rollup, and a short past window raw', () => {
    const live = tieredRanges(t('2026-03-09T12:45:00Z'), now, { now });
    expect(iso(live.raw)).toEqual(['2026-03-09T12:45:00.000Z…2026-03-09T13:00:00.000Z']);
    expect(iso(live.hourly)).toEqual(['2026-03-09T13:00:00.000Z…2026-03-10T13:00:00.000Z']);
    expect(iso(tieredRanges(t('2026-03-10T12:10:00Z'), t('2026-03-10T12:30:00Z'), { now }).raw)).toEqual(['2026-03-10T12:10:00.000Z…2026-03-10T12:30:00.000Z']);
    const hourly = tieredRanges(t('2026-03-01T00:00:00Z'), t('2026-03-05T00:00:00Z'), { now, coarsest: 'hourly' });
    expect(hourly.daily).toEqual([]);
    expect(iso(hourly.hourly)).toEqual(['2026-03-01T00:00:00.000Z…2026-03-05T00:00:00.000Z']);
    expect(iso(tieredRanges(t('2026-03-01T00:00:00Z'), t('2026-03-01T01:00:00Z'), { now, coarsest: 'raw' }).raw)).toEqual(['2026-03-01T00:00:00.000Z…2026-03-01T01:00:00.000Z']);
  });

  it('keeps every chart range within the point budget', () => {
    const now = t('2026-03-10T12:00:00Z').getTime();
    for (const span of [HOUR_MS, DAY_MS, 7 * DAY_MS, 30 * DAY_MS, 90 * DAY_MS, 400 * DAY_MS]) {
      const step = chartStep({ from: new Date(now - span), to: new Date(now) });
      expect(span / step).toBeLessThanOrEqual(MAX_POINTS);
    }
    expect(chartStep({ from: new Date(now - HOUR_MS), to: new Date(now) })).toBe(60_000);
    expect(chartStep({ from: new Date(now - 30 * DAY_MS), to: new Date(now) })).toBe(2 * HOUR_MS);
  });
});

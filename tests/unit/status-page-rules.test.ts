import { describe, expect, it } from 'vitest';
import { dayLevel, describeDay } from '@/lib/rollups/day-cells';
import { componentStatus, overallStatus, publicDay, unionSeconds } from '@/lib/status-pages/status';

describe("a component's status", () => {
  it('is the worst of its monitors, paused ones left out', () => {
    expect(componentStatus(['up', 'up'])).toBe('operational');
    expect(componentStatus(['up', 'pending'])).toBe('degraded');
    expect(componentStatus(['pending', 'down', 'up'])).toBe('outage');
    expect(componentStatus(['up', 'stale'])).toBe('unknown');
    expect(componentStatus(['up', 'unknown', 'pending'])).toBe('degraded');
    expect(componentStatus(['up', 'paused'])).toBe('operational');
    expect(componentStatus(['down', 'paused'])).toBe('outage');
  });

  it('says "under maintenance" for a monitor in a window, unless another one is down outside it', () => {
    expect(componentStatus(['maintenance', 'up'])).toBe('maintenance');
    expect(componentStatus(['maintenance', 'stale'])).toBe('maintenance');
    expect(componentStatus(['maintenance', 'pending'])).toBe('degraded');
    expect(componentStatus(['maintenance', 'down'])).toBe('outage');
    expect(overallStatus(['operational', 'maintenance'])).toEqual({ status: 'maintenance', line: 'Maintenance in progress' });
    expect(overallStatus(['maintenance', 'outage']).line).toBe('Partial outage');
  });

  it('is "no recent data" with no monitor to go by', () => {
    expect(componentStatus([])).toBe('unknown');
    expect(componentStatus(['paused', 'paused'])).toBe('unknown');
  });
});

describe("a page's status line", () => {
  it('says the worst, and whether everything or only part is down', () => {
    expect(overallStatus(['operational', 'operational']).line).toBe('All systems operational');
    expect(overallStatus(['operational', 'degraded']).line).toBe('Degraded performance');
    expect(overallStatus(['operational', 'outage', 'degraded'])).toEqual({ status: 'outage', line: 'Partial outage' });
    expect(overallStatus(['outage', 'outage'])).toEqual({ status: 'outage', line: 'Major outage' });
    expect(overallStatus(['operational', 'unknown']).status).toBe('unknown');
    expect(overallStatus([]).status).toBe('empty');
  });
});

describe('downtime as the union of incidents', () => {
  const h = 3_600_000;
  it('counts overlapping incidents once, clips to the day, and runs open ones to now', () => {
    expect(unionSeconds([{ start: 10 * h, end: 11 * h }, { start: 10.5 * h, end: 12 * h }], 0, 24 * h, 30 * h)).toBe(2 * 3600);
    expect(unionSeconds([{ start: -h, end: h }], 0, 24 * h, 30 * h)).toBe(3600);
    expect(unionSeconds([{ start: 23 * h, end: null }], 0, 24 * h, 30 * h)).toBe(3600);
    expect(unionSeconds([{ start: 23 * h, end: null }], 0, 24 * h, 23.5 * h)).toBe(1800);
    expect(unionSeconds([{ start: h, end: 2 * h }, { start: 3 * h, end: 4 * h }, { start: 1.5 * h, end: 3.5 * h }], 0, 24 * h, 30 * h)).toBe(3 * 3600);
    expect(unionSeconds([], 0, 24 * h, 30 * h)).toBe(0);
  });

  it('matches a minute-by-minute recount on random incidents', () => {
    for (let round = 0; round < 50; round++) {
      const spans = Array.from({ length: 6 }, () => {
        const start = Math.floor(Math.random() * 1440) * 60_000;
        return { start, end: Math.random() < 0.2 ? null : start + Math.floor(Math.random() * 300) * 60_000 };
      });
      const now = 1440 * 60_000;
      let minutes = 0;
      for (let minute = 0; minute < 1440; minute++) {
        const t = minute * 60_000;
        if (spans.some((span) => span.start <= t && (span.end ?? now) > t)) minutes++;
      }
      expect(unionSeconds(spans, 0, now, now)).toBe(minutes * 60);
    }
  });

  it('makes a day: uptime from the checks, incidents that touch it', () => {
    const day = publicDay('2026-11-01', { up: 1439, down: 1, timeout: 0, error: 0 }, [{ start: 0, end: 60_000 }], 0, 86_400_000, 86_400_000);
    expect(day).toEqual({ day: '2026-11-01', uptime: 99.93, checks: 1440, failed: 1, downtimeSeconds: 60, incidents: 1, maintenanceSeconds: 0 });
    expect(publicDay('2026-11-02', { up: 0, down: 0, timeout: 0, error: 0 }, [], 0, 1, 1).uptime).toBeNull();
  });

  it('takes maintenance out of downtime, and draws a day with only maintenance as such', () => {
    const m = 60_000;
    // Down 0–60 min and 100–110 min; maintenance 30–90 min and (overlapping it) 40–50 min.
    const day = publicDay('2026-11-03', { up: 1000, down: 0, timeout: 0, error: 0 }, [{ start: 0, end: 60 * m }, { start: 100 * m, end: 110 * m }], 0, 1440 * m, 1440 * m, [
      { start: 30 * m, end: 90 * m },
      { start: 40 * m, end: 50 * m },
    ]);
    expect(day).toMatchObject({ downtimeSeconds: 40 * 60, maintenanceSeconds: 60 * 60, incidents: 2 });
    const quiet = publicDay('2026-11-04', { up: 0, down: 0, timeout: 0, error: 0 }, [], 0, 1440 * m, 1440 * m, [{ start: 0, end: 120 * m }]);
    expect(dayLevel(quiet)).toBe('maintenance');
    expect(describeDay(quiet)).toMatch(/no data · 2 h maintenance$/);
    expect(dayLevel(day)).toBe('good');
  });
});

import { describe, expect, it } from 'vitest';
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
    expect(day).toEqual({ day: '2026-11-01', uptime: 99.93, checks: 1440, failed: 1, downtimeSeconds: 60, incidents: 1 });
    expect(publicDay('2026-11-02', { up: 0, down: 0, timeout: 0, error: 0 }, [], 0, 1, 1).uptime).toBeNull();
  });
});

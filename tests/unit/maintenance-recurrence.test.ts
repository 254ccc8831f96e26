import { describe, expect, it } from 'vitest';
import { occurrences, scheduleProblems } from '@/lib/maintenance/recurrence';

const iso = (list: { start: Date; end: Date }[]) => list.map((o) => [o.start.toISOString(), o.end.toISOString()]);
const between = (from: string, to: string) => [new Date(from), new Date(to)] as const;

describe('maintenance recurrence across daylight saving', () => {
  it('keeps "Sundays 02:00–04:00" in Berlin on local time, and moves the spring-forward one past the gap', () => {
    const schedule = { timeZone: 'Europe/Berlin', start: '2026-03-01T02:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=SU' };
    expect(iso(occurrences(schedule, ...between('2026-03-21T00:00:00Z', '2026-04-06T00:00:00Z')))).toEqual([
      ['2026-03-22T01:00:00.000Z', '2026-03-22T03:00:00.000Z'], // CET: 02:00–04:00
      ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'], // 02:00 does not exist: 03:00–04:00 CEST
      ['2026-04-05T00:00:00.000Z', '2026-04-05T02:00:00.000Z'], // CEST: 02:00–04:00
    ]);
    // Fall back on 25 October: 02:00 happens twice; the window starts at the first and ends at 04:00 CET.
    expect(iso(occurrences(schedule, ...between('2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z')))).toEqual([['2026-10-25T00:00:00.000Z', '2026-10-25T03:00:00.000Z']]);
  });

  it('does the same in New York, on other days, in both directions', () => {
    const schedule = { timeZone: 'America/New_York', start: '2026-01-01T01:30', durationMinutes: 60, rrule: 'FREQ=DAILY' };
    // Fall back on 1 November at 02:00 EDT: 01:30 happens twice (EDT, then EST).
    expect(iso(occurrences(schedule, ...between('2026-11-01T00:00:00Z', '2026-11-02T12:00:00Z')))).toEqual([
      ['2026-11-01T05:30:00.000Z', '2026-11-01T07:30:00.000Z'],
      ['2026-11-02T06:30:00.000Z', '2026-11-02T07:30:00.000Z'],
    ]);
    const gap = { timeZone: 'America/New_York', start: '2026-03-01T02:30', durationMinutes: 30, rrule: 'FREQ=DAILY' };
    // Spring forward on 8 March: 02:30–03:00 local lies wholly in the jump, so that day has none.
    expect(iso(occurrences(gap, ...between('2026-03-07T00:00:00Z', '2026-03-09T12:00:00Z')))).toEqual([
      ['2026-03-07T07:30:00.000Z', '2026-03-07T08:00:00.000Z'],
      ['2026-03-09T06:30:00.000Z', '2026-03-09T07:00:00.000Z'],
    ]);
    // 02:30–04:00 that day: from 03:30 EDT (the gap's time moved past it) to 04:00 EDT.
    const longer = { ...gap, durationMinutes: 90 };
    expect(iso(occurrences(longer, ...between('2026-03-08T00:00:00Z', '2026-03-08T12:00:00Z')))).toEqual([['2026-03-08T07:30:00.000Z', '2026-03-08T08:00:00.000Z']]);
  });

  it('gives a one-off window once, when it overlaps the range', () => {
    const once = { timeZone: 'UTC', start: '2026-12-01T10:00', durationMinutes: 90 };
    expect(iso(occurrences(once, ...between('2026-12-01T11:00:00Z', '2026-12-02T00:00:00Z')))).toEqual([['2026-12-01T10:00:00.000Z', '2026-12-01T11:30:00.000Z']]);
    expect(occurrences(once, ...between('2026-12-01T11:30:00Z', '2026-12-02T00:00:00Z'))).toEqual([]);
  });
});

describe('maintenance schedules that cannot be', () => {
  const valid = { timeZone: 'Europe/Berlin', start: '2026-12-06T02:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=SU' };
  const problem = (change: Partial<typeof valid>) => scheduleProblems({ ...valid, ...change }).map((p) => `${p.field}: ${p.message}`);

  it('accepts a sound weekly window', () => {
    expect(scheduleProblems(valid)).toEqual([]);
    expect(scheduleProblems({ timeZone: 'UTC', start: '2026-12-01T10:00', durationMinutes: 30 })).toEqual([]);
  });

  it('refuses a start in the spring-forward gap, a date that does not exist, and a length of nothing or of weeks', () => {
    expect(problem({ start: '2026-03-29T02:30', rrule: undefined })).toEqual([
      'start: 2026-03-29 02:30 does not exist in Europe/Berlin: the clocks jump forward then. Choose a time before or after the jump.',
    ]);
    expect(problem({ start: '2026-02-30T02:00' })[0]).toMatch(/^start: /);
    expect(problem({ durationMinutes: 0 })).toEqual(['durationMinutes: A window lasts from 1 minute to 7 days.']);
    expect(problem({ durationMinutes: 8 * 24 * 60, rrule: 'FREQ=MONTHLY' })).toEqual(['durationMinutes: A window lasts from 1 minute to 7 days.']);
  });

  it('refuses a rule that never starts, one whose windows never end, and ones that are not rules', () => {
    expect(problem({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' })).toEqual(['rrule: This recurrence never happens (no occurrence in the next five years).']);
    expect(problem({ rrule: 'FREQ=HOURLY' })).toEqual(['rrule: The windows would overlap and never end: make them shorter or further apart.']);
    for (const rrule of ['FREQ=MINUTELY', 'every sunday', 'FREQ=WEEKLY;BYDAY=XX', 'DTSTART=20260101T000000Z;FREQ=DAILY', 'RRULE:FREQ=DAILY']) {
      expect(problem({ rrule })[0], rrule).toMatch(/^rrule: Enter a recurrence/);
    }
  });
});

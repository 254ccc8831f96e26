import { describe, expect, it } from 'vitest';
import { durationInput, parseDurationInput } from '@/lib/checks/push/durations';
import { cronProblem, deadlineOf, nextExpected, pingKindOf, scheduleSummary, shortestGapSeconds } from '@/lib/checks/push/schedule';
import { pushOptionsSchema } from '@/lib/contracts/monitors';

const cron = (expression: string, timeZone = 'UTC') => pushOptionsSchema.parse({ schedule: 'cron', cron: expression, timeZone });
const period = (seconds: number, graceSeconds = 300) => pushOptionsSchema.parse({ schedule: 'period', periodSeconds: seconds, graceSeconds });

describe('push schedules', () => {
  it('refuse expressions that are not 5 valid fields, zones that do not exist, and schedules that never fire', () => {
    expect(cronProblem('0 3 * * *', 'Europe/Berlin')).toBeNull();
    expect(cronProblem('*/5 * * * 1-5', 'UTC')).toBeNull();
    expect(cronProblem('0 3 * *', 'UTC')).toEqual({ field: 'cron', message: expect.stringMatching(/5 fields/) });
    expect(cronProblem('0 0 3 * * *', 'UTC')?.message).toMatch(/5 fields/);
    expect(cronProblem('61 * * * *', 'UTC')).toEqual({ field: 'cron', message: expect.stringMatching(/not valid: .*minute/i) });
    expect(cronProblem('0 3 * * *', 'Mars/Olympus_Mons')).toEqual({ field: 'timeZone', message: expect.stringMatching(/no time zone "Mars\/Olympus_Mons"/) });
    expect(cronProblem('0 3 * * *', '')?.field).toBe('timeZone');
    expect(cronProblem('0 0 30 2 *', 'UTC')).toEqual({ field: 'cron', message: 'That schedule never fires (no date matches it).' });
  });

  it('expect the next run after a ping: a period from the ping, a cron at its next time in its zone', () => {
    const ping = new Date('2027-01-10T03:00:05Z');
    expect(nextExpected(period(3600), ping)).toEqual(new Date('2027-01-10T04:00:05Z'));
    expect(nextExpected(cron('0 3 * * *'), ping)).toEqual(new Date('2027-01-11T03:00:00Z'));
    // 03:00 in Berlin is 02:00 UTC in winter.
    expect(nextExpected(cron('0 3 * * *', 'Europe/Berlin'), ping)).toEqual(new Date('2027-01-11T02:00:00Z'));
    expect(nextExpected(cron('0 3 * * *', 'America/New_York'), ping)).toEqual(new Date('2027-01-10T08:00:00Z'));
  });

  it('expect a run in the spring-forward gap once, right after the gap, and a run in the repeated autumn hour once', () => {
    const berlin = cron('30 2 * * *', 'Europe/Berlin');
    // 2027-03-28: clocks go from 02:00 to 03:00 in Berlin; 02:30 does not exist that day.
    const spring = nextExpected(berlin, new Date('2027-03-27T12:00:00Z'))!;
    expect(spring.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-03-28T01:00:00Z'));
    expect(spring.getTime()).toBeLessThanOrEqual(Date.parse('2027-03-28T01:30:00Z'));
    expect(nextExpected(berlin, spring)).toEqual(new Date('2027-03-29T00:30:00Z'));
    // 2027-10-31: 02:00–03:00 happens twice; the job is expected once.
    const autumn = nextExpected(berlin, new Date('2027-10-30T12:00:00Z'))!;
    const after = nextExpected(berlin, autumn)!;
    expect(after.getTime() - autumn.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
  });

  it('know the shortest gap (the interval the plan limits) and say the schedule in words', () => {
    expect(shortestGapSeconds(period(900))).toBe(900);
    expect(shortestGapSeconds(cron('*/5 * * * *'))).toBe(300);
    expect(shortestGapSeconds(cron('0 9,17 * * 1-5'))).toBe(8 * 3600);
    expect(scheduleSummary(period(5400))).toBe('every 1 h 30 min');
    expect(scheduleSummary(cron('0 3 * * *', 'Europe/Berlin'))).toBe('cron 0 3 * * * (Europe/Berlin)');
  });

  it('set the deadline at the expected time plus grace, or sooner at an open run’s start plus grace', () => {
    const expected = new Date('2027-01-10T04:00:00Z');
    expect(deadlineOf(expected, null, 300)).toEqual(new Date('2027-01-10T04:05:00Z'));
    expect(deadlineOf(expected, new Date('2027-01-10T03:30:00Z'), 300)).toEqual(new Date('2027-01-10T03:35:00Z'));
    expect(deadlineOf(expected, new Date('2027-01-10T03:59:00Z'), 3600)).toEqual(new Date('2027-01-10T04:59:00Z'));
    expect(deadlineOf(expected, new Date('2027-01-10T04:01:00Z'), 3600)).toEqual(new Date('2027-01-10T05:00:00Z'));
    expect(deadlineOf(null, null, 300)).toBeNull();
  });
});

describe('ping paths', () => {
  it('name a success, a start, a failure, a log line or an exit status from 0 to 255, and nothing else', () => {
    expect(pingKindOf(undefined)).toEqual({ kind: 'success', exitStatus: null });
    expect(pingKindOf('start')).toEqual({ kind: 'start', exitStatus: null });
    expect(pingKindOf('fail')).toEqual({ kind: 'fail', exitStatus: null });
    expect(pingKindOf('log')).toEqual({ kind: 'log', exitStatus: null });
    expect(pingKindOf('0')).toEqual({ kind: 'success', exitStatus: 0 });
    expect(pingKindOf('255')).toEqual({ kind: 'fail', exitStatus: 255 });
    for (const bad of ['256', '-1', '1e2', 'FAIL', 'stop', '0001']) expect(pingKindOf(bad)).toBeNull();
  });
});

describe('durations in the form', () => {
  it('read 90s, 15m, 1h30m, 1d and bare minutes, and write them back', () => {
    expect(parseDurationInput('90s')).toBe(90);
    expect(parseDurationInput('15m')).toBe(900);
    expect(parseDurationInput('1h 30m')).toBe(5400);
    expect(parseDurationInput('1d')).toBe(86_400);
    expect(parseDurationInput('5')).toBe(300);
    for (const bad of ['', 'soon', '1.5h', 'h', '1w', '-5m']) expect(parseDurationInput(bad)).toBeNull();
    expect(durationInput(5400)).toBe('1h30m');
    expect(durationInput(86_400 + 30)).toBe('1d30s');
    expect(parseDurationInput(durationInput(123_456))).toBe(123_456);
  });
});

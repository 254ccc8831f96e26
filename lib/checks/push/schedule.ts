import { Cron } from 'croner';
import type { PushOptions } from '@/lib/contracts/monitors';
import { formatDuration } from '@/lib/format';
import { validTimeZone } from '@/lib/timezone';

// When a push monitor expects its pings, as pure functions (the ping endpoints and the
// leader's lateness sweep feed them; lib/checks/push/ping.ts and sweep.ts hold the SQL).
//
// - period: a success is expected `periodSeconds` after the last one.
// - cron: a success is expected at each time the 5-field expression names in its zone
//   (croner). A time the spring-forward gap skips (02:30 on that day in Europe/Berlin)
//   is expected at the first moment after the gap, once; an hour repeated in autumn, once.
// Either way the monitor is late once `graceSeconds` have passed since the expected time,
// or since a started run's start if it has not reported success by then.

export interface ScheduleProblem {
  field: 'cron' | 'timeZone';
  message: string;
}

/** A cron expression parsed for its zone (the expression and zone are valid). */
function cronOf(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true });
}

/** What is wrong with a cron schedule, or null when it is valid and fires at some time. */
export function cronProblem(expression: string, timeZone: string, now = new Date()): ScheduleProblem | null {
  if (!validTimeZone(timeZone) || timeZone.length === 0) {
    return { field: 'timeZone', message: `There is no time zone "${timeZone}". Use an IANA name like Europe/Berlin or UTC.` };
  }
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return { field: 'cron', message: 'A cron expression has 5 fields: minute, hour, day of month, month and day of week, like 0 3 * * *.' };
  }
  let cron: Cron;
  try {
    cron = cronOf(fields.join(' '), timeZone);
  } catch (error) {
    const reason = (error as Error).message.replace(/^CronPattern: /, '');
    return { field: 'cron', message: `That cron expression is not valid: ${reason}.` };
  }
  if (!cron.nextRun(now)) return { field: 'cron', message: 'That schedule never fires (no date matches it).' };
  return null;
}

/** The next time a success is expected after `after`, or null when the schedule never fires again. */
export function nextExpected(options: PushOptions, after: Date): Date | null {
  if (options.schedule === 'period') return new Date(after.getTime() + options.periodSeconds * 1000);
  try {
    return cronOf(options.cron, options.timeZone).nextRun(after);
  } catch {
    return null;
  }
}

/**
 * The shortest time between two expected runs (the monitor's interval: what the plan's
 * shortest interval limits, and what coverage expects). Over the next 50 runs of a cron.
 */
export function shortestGapSeconds(options: PushOptions, now = new Date()): number {
  if (options.schedule === 'period') return options.periodSeconds;
  const runs = cronOf(options.cron, options.timeZone).nextRuns(50, now);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, (runs[i]!.getTime() - runs[i - 1]!.getTime()) / 1000);
  return Number.isFinite(gap) ? Math.max(1, Math.round(gap)) : 31 * 86_400;
}

/** "every 1 h" or "cron 0 3 * * * (Europe/Berlin)": what lists show as a push monitor's target. */
export function scheduleSummary(options: PushOptions): string {
  return options.schedule === 'period' ? `every ${formatDuration(options.periodSeconds)}` : `cron ${options.cron} (${options.timeZone})`;
}

/** When lateness fires: the expected time plus grace, or the oldest open run's start plus grace if sooner. */
export function deadlineOf(expectedAt: Date | null, oldestOpenStart: Date | null, graceSeconds: number): Date | null {
  const grace = graceSeconds * 1000;
  const candidates = [expectedAt, oldestOpenStart].filter((d): d is Date => d !== null).map((d) => d.getTime() + grace);
  return candidates.length ? new Date(Math.min(...candidates)) : null;
}

export type PingKind = 'success' | 'start' | 'fail' | 'log';

/** The kind of ping a path suffix names (`''`, `start`, `fail`, `log`, or an exit status 0–255), or null. */
export function pingKindOf(suffix: string | undefined): { kind: PingKind; exitStatus: number | null } | null {
  if (suffix === undefined || suffix === '') return { kind: 'success', exitStatus: null };
  if (suffix === 'start' || suffix === 'fail' || suffix === 'log') return { kind: suffix, exitStatus: null };
  if (!/^\d{1,3}$/.test(suffix)) return null;
  const status = Number(suffix);
  if (status > 255) return null;
  return { kind: status === 0 ? 'success' : 'fail', exitStatus: status };
}

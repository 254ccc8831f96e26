import { RRule } from 'rrule';
import { offsetAt } from '@/lib/timezone';

// When a maintenance window is on, as pure rules: a start in wall-clock time in an IANA
// zone, a length, and optionally an RFC 5545 RRULE. Occurrences are expanded in floating
// wall time (rrule without a TZID), then each wall time becomes an instant in the zone the
// way RFC 5545 says: a time that does not exist (the spring-forward gap) takes the offset
// from before the gap, so 02:30 becomes 03:30; a time that happens twice (fall-back) is the
// first. A window's end is its start's wall time plus its length, so "Sundays 02:00–04:00"
// ends at 04:00 local whatever the clocks did in between; an occurrence that lies wholly in
// the jump (02:30–03:00 on the spring-forward day) does not happen.

export interface Schedule {
  timeZone: string;
  /** Wall-clock start, YYYY-MM-DDTHH:mm */
  start: string;
  durationMinutes: number;
  /** An RRULE body such as FREQ=WEEKLY;BYDAY=SU (no DTSTART: that is `start`) */
  rrule?: string;
}

export interface Occurrence {
  start: Date;
  end: Date;
}

export const MAX_DURATION_MINUTES = 7 * 24 * 60;
const DAY_MS = 86_400_000;
/** A rule must have an occurrence within this long after its start. */
const STARTS_WITHIN_MS = 5 * 366 * DAY_MS;
const ALLOWED_FREQUENCIES = new Set([RRule.HOURLY, RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);

function wallMs(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  // Date.UTC rolls 2026-02-30 over into March: such a value is no date at all.
  return new Date(ms).toISOString().slice(0, 16) === value ? ms : null;
}

/** A wall-clock time in `timeZone` as an instant (RFC 5545: a gap takes the earlier offset, an overlap the first time). */
export function wallToInstant(wall: number, timeZone: string): { instant: number; exists: boolean } {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])].map((offset) => wall - offset).filter((instant) => instant + offsetAt(instant, timeZone) === wall);
  if (valid.length > 0) return { instant: Math.min(...valid), exists: true };
  return { instant: wall - before, exists: false };
}

function ruleFor(schedule: Schedule, start: number): RRule {
  const options = RRule.parseString(schedule.rrule!);
  return new RRule({ ...options, dtstart: new Date(start), tzid: null });
}

export type ScheduleProblem = { field: 'start' | 'durationMinutes' | 'rrule'; message: string };

/** What is wrong with a schedule, if anything: each problem names its field. */
export function scheduleProblems(schedule: Schedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const start = wallMs(schedule.start);
  if (start === null) return [{ field: 'start', message: 'Enter the start as a date and time.' }];
  if (!Number.isInteger(schedule.durationMinutes) || schedule.durationMinutes < 1 || schedule.durationMinutes > MAX_DURATION_MINUTES) {
    problems.push({ field: 'durationMinutes', message: 'A window lasts from 1 minute to 7 days.' });
  }
  if (!wallToInstant(start, schedule.timeZone).exists) {
    problems.push({
      field: 'start',
      message: `${schedule.start.replace('T', ' ')} does not exist in ${schedule.timeZone}: the clocks jump forward then. Choose a time before or after the jump.`,
    });
  }
  if (!schedule.rrule) return problems;
  let rule: RRule;
  try {
    if (/(^|;)\s*(DTSTART|TZID)\b/i.test(schedule.rrule) || /^RRULE:/i.test(schedule.rrule.trim())) throw new Error('dtstart');
    rule = ruleFor(schedule, start);
    if (!ALLOWED_FREQUENCIES.has(rule.options.freq)) throw new Error('freq');
  } catch {
    return [...problems, { field: 'rrule', message: 'Enter a recurrence such as FREQ=WEEKLY;BYDAY=SU (hourly at the most; the start above is its first day).' }];
  }
  const first = rule.after(new Date(start - 1), true);
  if (!first || first.getTime() - start > STARTS_WITHIN_MS) {
    return [...problems, { field: 'rrule', message: 'This recurrence never happens (no occurrence in the next five years).' }];
  }
  // Occurrences that overlap would make one window that never ends.
  const starts = rule.all((_date, index) => index < 500).map((date) => date.getTime());
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! - starts[i - 1]! < schedule.durationMinutes * 60_000) {
      return [...problems, { field: 'rrule', message: 'The windows would overlap and never end: make them shorter or further apart.' }];
    }
  }
  return problems;
}

/** The occurrences that overlap [from, to), oldest first. The schedule must be valid (scheduleProblems). */
export function occurrences(schedule: Schedule, from: Date, to: Date): Occurrence[] {
  const start = wallMs(schedule.start);
  if (start === null) return [];
  const lengthMs = schedule.durationMinutes * 60_000;
  // Wall times differ from instants by at most a day's offset either way.
  const walls = schedule.rrule
    ? ruleFor(schedule, start)
        .between(new Date(from.getTime() - lengthMs - DAY_MS), new Date(to.getTime() + DAY_MS), true)
        .map((date) => date.getTime())
    : [start];
  return walls
    .map((wall) => ({ start: new Date(wallToInstant(wall, schedule.timeZone).instant), end: new Date(wallToInstant(wall + lengthMs, schedule.timeZone).instant) }))
    .filter((occurrence) => occurrence.end > occurrence.start && occurrence.start < to && occurrence.end > from);
}

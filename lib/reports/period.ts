import { formatDay } from '@/lib/format';
import { dayIn, wallTimeToDate } from '@/lib/timezone';

// A report's period: whole days in a time zone, first and last day included.

const DAY_MS = 86_400_000;
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const utcDay = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const dayAfter = (day: string) => dayOf(utcDay(day) + DAY_MS);

/** Every day from `fromDay` to `toDay`, both included. */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let t = utcDay(fromDay); t <= utcDay(toDay); t += DAY_MS) days.push(dayOf(t));
  return days;
}

/** [start of fromDay, start of the day after toDay) in `timeZone`. */
export function periodOfDays(fromDay: string, toDay: string, timeZone: string): { from: Date; to: Date } {
  return { from: wallTimeToDate(`${fromDay}T00:00`, timeZone)!, to: wallTimeToDate(`${dayAfter(toDay)}T00:00`, timeZone)! };
}

/** The last whole calendar month before `now` in `timeZone`: the default report. */
export function lastMonth(now: Date, timeZone: string): { fromDay: string; toDay: string } {
  const [year, month] = dayIn(now, timeZone).split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 2, 1));
  const last = new Date(Date.UTC(year, month - 1, 0));
  return { fromDay: dayOf(first.getTime()), toDay: dayOf(last.getTime()) };
}

/** The last whole week (Monday to Sunday) before `now` in `timeZone`. */
export function lastWeek(now: Date, timeZone: string): { fromDay: string; toDay: string } {
  const today = utcDay(dayIn(now, timeZone));
  const weekday = (new Date(today).getUTCDay() + 6) % 7; // Monday 0
  const monday = today - (weekday + 7) * DAY_MS;
  return { fromDay: dayOf(monday), toDay: dayOf(monday + 6 * DAY_MS) };
}

/** A valid calendar day (2026-02-30 is not). */
export const isDay = (value: string) => DAY_PATTERN.test(value) && dayOf(utcDay(value)) === value;

 /** Where a day chart's scale starts: the whole percent below the worst day, 99 % at the highest, so small dips show. */
export const dayChartFloor = (days: readonly { uptimePercent: number | null }[]) =>
  Math.max(0, Math.min(99, ...days.flatMap((d) => (d.uptimePercent === null ? [] : [Math.floor(d.uptimePercent)]))));

/** "Nov 1, 2026 – Nov 3, 2026" for a run of days (the first and the last). */
export const dayRange = (days: readonly string[]) => (days.length === 1 ? formatDay(days[0]!) : `${formatDay(days[0]!)} – ${formatDay(days.at(-1)!)}`);

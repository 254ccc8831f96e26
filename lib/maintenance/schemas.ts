import { z } from 'zod';
import { checkedIds, monitorIdsOf } from '@/lib/checked-ids';
import { timeZoneSchema } from '@/lib/status-pages/schemas';
import { scheduleProblems } from './recurrence';

// What a user types to plan maintenance: a title, a description (Markdown, shown on the
// chosen status pages), a start and an end as wall-clock times in a time zone, optionally a
// recurrence (RRULE), the monitors it covers and the pages it is shown on. The length is the
// wall-clock difference of end and start, so a recurring "02:00–04:00" stays 02:00–04:00
// local on the days the clocks change.

const uuid = z.uuid({ error: 'Unknown id.' });
const trimmed = (max: number, label: string) =>
  z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.string().max(max, `${label}: at most ${max} characters.`));
const wallTime = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().slice(0, 16) : value),
    z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `Enter the ${label} as a date and time.`),
  );

/** Minutes from one wall time to another, counted on the wall clock (no zone). */
export function wallMinutes(from: string, to: string): number {
  return Math.round((Date.parse(`${to}:00Z`) - Date.parse(`${from}:00Z`)) / 60_000);
}

// The form has a checkbox `monitor:<id>` per monitor and `page:<id>` per status page.
const withChoices = (value: unknown) =>
  value && typeof value === 'object' && !('monitorIds' in value)
    ? { ...value, monitorIds: monitorIdsOf(value as Record<string, unknown>), pageIds: checkedIds(value as Record<string, unknown>, 'page') }
    : value;

/** How a window repeats: presets from the start's own day and time, or a rule of the user's. */
export const REPEATS = ['none', 'daily', 'weekly', 'monthly', 'custom'] as const;
export type Repeat = (typeof REPEATS)[number];
const PRESET_RULES: Partial<Record<Repeat, string>> = { daily: 'FREQ=DAILY', weekly: 'FREQ=WEEKLY', monthly: 'FREQ=MONTHLY' };

/** The form's choice for a stored rule. */
export function repeatOf(rrule: string | null): { repeat: Repeat; rrule: string } {
  if (!rrule) return { repeat: 'none', rrule: '' };
  const preset = (Object.entries(PRESET_RULES) as [Repeat, string][]).find(([, rule]) => rule === rrule);
  return preset ? { repeat: preset[0], rrule: '' } : { repeat: 'custom', rrule };
}

const windowFields = z
  .object({
    title: trimmed(200, 'The title').pipe(z.string().min(1, 'Give the maintenance a title, e.g. Database upgrade.')),
    description: trimmed(5000, 'The description').default(''),
    timeZone: timeZoneSchema,
    start: wallTime('start'),
    end: wallTime('end'),
    repeat: z.enum(REPEATS, { error: 'Choose whether it repeats.' }).default('none'),
    rrule: trimmed(500, 'The recurrence').default(''),
    // At least one: checked with the schedule below, so a form gets every problem at once.
    monitorIds: z.array(uuid).max(500, 'At most 500 monitors.'),
    pageIds: z.array(uuid).max(50).default([]),
    notifySubscribers: z.preprocess((value) => value === 'on' || value === true, z.boolean()).default(false),
  })
  .transform((input, ctx) => {
    const noMonitors = input.monitorIds.length === 0;
    if (noMonitors) ctx.addIssue({ code: 'custom', path: ['monitorIds'], message: 'Choose the monitors this maintenance covers.' });
    const durationMinutes = wallMinutes(input.start, input.end);
    if (durationMinutes <= 0) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must be after the start.' });
      return z.NEVER;
    }
    const rrule = input.repeat === 'custom' ? input.rrule.replace(/^RRULE:/i, '').trim() : (PRESET_RULES[input.repeat] ?? '');
    if (input.repeat === 'custom' && !rrule) {
      ctx.addIssue({ code: 'custom', path: ['rrule'], message: 'Enter a recurrence such as FREQ=WEEKLY;BYDAY=SU.' });
      return z.NEVER;
    }
    const schedule = { timeZone: input.timeZone, start: input.start, durationMinutes, rrule: rrule || undefined };
    const problems = scheduleProblems(schedule);
    for (const problem of problems) {
      ctx.addIssue({ code: 'custom', path: [problem.field === 'durationMinutes' ? 'end' : problem.field], message: problem.message });
    }
    if (problems.length || noMonitors) return z.NEVER;
    return {
      title: input.title,
      description: input.description,
      monitorIds: [...new Set(input.monitorIds)],
      pageIds: [...new Set(input.pageIds)],
      notifySubscribers: input.notifySubscribers,
      schedule,
    };
  });

export const maintenanceFormSchema = z.preprocess(withChoices, windowFields);
export type MaintenanceInput = z.output<typeof maintenanceFormSchema>;

export const windowRefSchema = z.object({ windowId: uuid });
export const updateMaintenanceSchema = z.preprocess(withChoices, windowRefSchema.and(windowFields));
export const deleteMaintenanceSchema = windowRefSchema.and(z.object({ confirm: z.literal('on', { error: 'Tick the box to confirm.' }) }));
/** Extend the running occurrence by this many minutes (the end stays within 7 days of its start). */
export const extendMaintenanceSchema = windowRefSchema.and(
  z.object({ minutes: z.coerce.number({ error: 'Choose how long.' }).int().min(5, 'At least 5 minutes.').max(24 * 60, 'At most 24 hours at a time.') }),
);

import { z } from 'zod';
import { SLO_WINDOWS } from '@/db/schema/slos';

// An SLO as the form and the API send it. The form names its subject "monitor:<id>" or
// "component:<id>" in one select; the API sends monitorId or componentId.

const TARGET_MESSAGE = 'A target above 0 and at most 100 %, with up to three decimals (99.9, 99.95, 100).';
const BURN_MESSAGE = 'A burn rate from 1 to 1,000.';

export const targetSchema = z.coerce
  .number({ error: TARGET_MESSAGE })
  .gt(0, TARGET_MESSAGE)
  .max(100, TARGET_MESSAGE)
  .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, TARGET_MESSAGE);

const burnSchema = z.coerce.number({ error: BURN_MESSAGE }).min(1, BURN_MESSAGE).max(1000, BURN_MESSAGE);

export const sloFieldsSchema = z.object({
  name: z.string({ error: 'Give the SLO a name.' }).trim().min(1, 'Give the SLO a name.').max(100, 'At most 100 characters.'),
  target: targetSchema,
  window: z.enum(SLO_WINDOWS, { error: 'Choose a window: 7, 28, 30 or 90 days, a calendar month or quarter.' }),
  degradedCountsAsDown: z.boolean().default(false),
  fastBurn: burnSchema.default(14.4),
  slowBurn: burnSchema.default(6),
});

const SUBJECT_MESSAGE = 'Choose one monitor or one status page component.';

export const sloSchema = sloFieldsSchema.extend({
  monitorId: z.uuid({ error: SUBJECT_MESSAGE }).nullable().default(null),
  componentId: z.uuid({ error: SUBJECT_MESSAGE }).nullable().default(null),
}).refine((slo) => (slo.monitorId === null) !== (slo.componentId === null), { message: SUBJECT_MESSAGE, path: ['subject'] });
export type SloInput = z.output<typeof sloSchema>;

/** The form's fields as the SLO they describe. */
export function sloOfForm(form: Record<string, unknown>): unknown {
  const subject = typeof form.subject === 'string' ? /^(monitor|component):(.+)$/.exec(form.subject) : null;
  const number = (value: unknown, fallback: number) => (value === undefined || value === '' ? fallback : value);
  return {
    name: form.name,
    target: form.target === '' ? undefined : form.target,
    window: form.window,
    degradedCountsAsDown: form.degradedCountsAsDown === 'on',
    fastBurn: number(form.fastBurn, 14.4),
    slowBurn: number(form.slowBurn, 6),
    monitorId: subject?.[1] === 'monitor' ? subject[2] : null,
    componentId: subject?.[1] === 'component' ? subject[2] : null,
  };
}

const fieldOf = (path: readonly PropertyKey[]) => (path[0] === 'monitorId' || path[0] === 'componentId' ? 'subject' : String(path[0] ?? ''));

export const sloRefSchema = z.object({ sloId: z.uuid({ error: 'That SLO does not exist.' }) });

export const sloFormSchema = z.looseObject({}).transform((form, ctx) => {
  const parsed = sloSchema.safeParse(sloOfForm(form));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [fieldOf(issue.path)], message: issue.message });
  return z.NEVER;
});
export const updateSloFormSchema = sloRefSchema.and(sloFormSchema);
export const deleteSloSchema = sloRefSchema.extend({ confirm: z.literal('on', { error: 'Tick the box to confirm.' }) });

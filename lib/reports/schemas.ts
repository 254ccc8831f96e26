import { z } from 'zod';
import type { ReportScope } from '@/db/queries/reports';
import { REPORT_CADENCES } from '@/db/schema/slos';
import { emailSchema } from '@/lib/auth/email';
import { monitorIdsOf } from '@/lib/checked-ids';
import { isDay } from './period';

// What a report is asked for (the page's query, the PDF and CSV links, the API) and what a
// schedule is saved as. Days are YYYY-MM-DD in the scope's time zone, both included.

export const MAX_REPORT_DAYS = 731;
export const MAX_SCHEDULE_ADDRESSES = 50;

const day = (what: string) => z.string({ error: `Give the ${what} day as YYYY-MM-DD.` }).refine(isDay, `Give the ${what} day as YYYY-MM-DD (a real date).`);

export const reportQuerySchema = z
  .object({
    scope: z.enum(['team', 'page', 'monitors'], { error: 'Choose what the report covers: the team, a status page, or chosen monitors.' }).default('team'),
    pageId: z.uuid({ error: 'Choose one of your status pages.' }).optional(),
    monitorIds: z.array(z.uuid({ error: 'Choose among your monitors.' })).max(10_000).default([]),
    from: day('first'),
    to: day('last'),
  })
  .superRefine((query, ctx) => {
    if (query.to < query.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts: the last day must be on or after the first.' });
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${MAX_REPORT_DAYS} days (two years).` });
    if (query.scope === 'page' && !query.pageId) ctx.addIssue({ code: 'custom', path: ['pageId'], message: 'Choose one of your status pages.' });
    if (query.scope === 'monitors' && query.monitorIds.length === 0) ctx.addIssue({ code: 'custom', path: ['monitorIds'], message: 'Choose at least one monitor.' });
  });
export type ReportQuery = z.output<typeof reportQuerySchema>;

export const scopeOf = (query: Pick<ReportQuery, 'scope' | 'pageId' | 'monitorIds'>): ReportScope =>
  query.scope === 'page' ? { kind: 'page', pageId: query.pageId! } : query.scope === 'monitors' ? { kind: 'monitors', monitorIds: query.monitorIds } : { kind: 'team' };

/** A report's query from URL parameters (`monitor` repeated), with days defaulting to `defaults`. */
export function reportQueryOf(params: URLSearchParams, defaults: { fromDay: string; toDay: string }): unknown {
  return {
    scope: params.get('scope') || undefined,
    pageId: params.get('page') || undefined,
    monitorIds: params.getAll('monitor').filter(Boolean),
    from: params.get('from') || defaults.fromDay,
    to: params.get('to') || defaults.toDay,
  };
}

/** The same query as URL parameters (links to the PDF and CSV of the report on the page). */
export function reportParams(query: ReportQuery): URLSearchParams {
  const params = new URLSearchParams({ scope: query.scope, from: query.from, to: query.to });
  if (query.scope === 'page' && query.pageId) params.set('page', query.pageId);
  if (query.scope === 'monitors') for (const id of query.monitorIds) params.append('monitor', id);
  return params;
}

const addressList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value),
  z.array(emailSchema).max(MAX_SCHEDULE_ADDRESSES, `At most ${MAX_SCHEDULE_ADDRESSES} addresses; send to a mailing list for more.`),
);

export const scheduleSchema = z
  .object({
    name: z.string({ error: 'Give the schedule a name.' }).trim().min(1, 'Give the schedule a name.').max(100, 'At most 100 characters.'),
    cadence: z.enum(REPORT_CADENCES, { error: 'Weekly or monthly.' }).default('monthly'),
    hour: z.coerce.number({ error: 'An hour from 0 to 23.' }).int('An hour from 0 to 23.').min(0, 'An hour from 0 to 23.').max(23, 'An hour from 0 to 23.').default(8),
    scope: z.enum(['team', 'page', 'monitors']).default('team'),
    pageId: z.uuid({ error: 'Choose one of your status pages.' }).nullable().default(null),
    monitorIds: z.array(z.uuid()).max(10_000).default([]),
    addresses: addressList.default([]),
    toMembers: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (s.addresses.length === 0 && !s.toMembers) ctx.addIssue({ code: 'custom', path: ['addresses'], message: 'Send it to at least one address, or to the team’s members.' });
    if (s.scope === 'page' && !s.pageId) ctx.addIssue({ code: 'custom', path: ['pageId'], message: 'Choose one of your status pages.' });
    if (s.scope === 'monitors' && s.monitorIds.length === 0) ctx.addIssue({ code: 'custom', path: ['monitorIds'], message: 'Choose at least one monitor.' });
  });
export type ScheduleInput = z.output<typeof scheduleSchema>;

/** The schedule form's fields (monitors as `monitor:<id>` boxes) as a schedule; each problem under its field. */
export const scheduleFormSchema = z.looseObject({}).transform((form, ctx) => {
  const parsed = scheduleSchema.safeParse({
    name: form.name,
    cadence: form.cadence || undefined,
    hour: form.hour === '' ? undefined : form.hour,
    scope: form.scope || undefined,
    pageId: form.pageId || null,
    monitorIds: monitorIdsOf(form),
    addresses: form.addresses ?? '',
    toMembers: form.toMembers === 'on',
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [String(issue.path[0] ?? '')], message: issue.message });
  return z.NEVER;
});
export const scheduleRefSchema = z.object({ scheduleId: z.uuid({ error: 'That report schedule does not exist.' }) });
export const deleteScheduleSchema = scheduleRefSchema.extend({ confirm: z.literal('on', { error: 'Tick the box to confirm.' }) });

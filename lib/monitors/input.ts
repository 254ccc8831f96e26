import { isIP } from 'node:net';
import { z } from 'zod';
import { MONITOR_TYPES, type MonitorOptions, optionsSchemaByType, PUSH_SCHEDULES, type PushOptions } from '@/lib/contracts/monitors';
import { parseHostPort, targetProblem } from '@/lib/contracts/targets';
import { checkedIds } from '@/lib/checked-ids';
import { parseHeaderLines } from '@/lib/header-lines';
import { MAX_LOCATIONS, QUORUM_RULES } from '@/lib/contracts/monitor-kinds';
import { parseDurationInput } from '@/lib/checks/push/durations';
import { cronProblem, scheduleSummary, shortestGapSeconds } from '@/lib/checks/push/schedule';

// The monitor form, as posted: flat string fields (checkboxes are "on" or absent). Parsed
// into the monitor's columns and its type's options, with every problem under its field.

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());
const optionalText = (max: number, message: string) => z.preprocess(blankToUndefined, z.string().trim().max(max, message).optional());
const whole = (label: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${label} must be a whole number.` })
      .int(`${label} must be a whole number.`)
      .min(min, `${label} must be at least ${min}.`)
      .max(max, `${label} must be at most ${max}.`)
      .default(fallback),
  );

function resolverProblem(resolver: string): string | null {
  if (isIP(resolver)) return null;
  const hostPort = parseHostPort(resolver);
  return hostPort && isIP(hostPort.host) ? null : 'Enter the resolver as an IP address, optionally with :port, like 1.1.1.1 or [2606:4700::1111]:53.';
}

const monitorFormFields = z.object({
    /** What it depends on (lib/dependencies); absent: unchanged. */
    dependsOn: z.array(z.uuid({ error: 'Choose among your own monitors.' })).max(50).optional(),
    name: z.string({ error: 'Give the monitor a name.' }).trim().min(1, 'Give the monitor a name.').max(100, 'Monitor names can be at most 100 characters.'),
    // A push monitor's pings are received by the server (the team's built-in agent): it names no agent.
    agentId: z.preprocess(blankToUndefined, z.uuid({ error: 'Choose one of your agents.' }).optional()),
    type: z.enum(MONITOR_TYPES, { error: 'Choose a monitor type.' }),
    target: z.preprocess((value) => value ?? '', z.string().trim().max(500, 'At most 500 characters.')),
    intervalSeconds: whole('The interval', 10, 86_400, 30),
    timeoutSeconds: whole('The timeout', 1, 60, 10),
    failureThreshold: whole('The failure threshold', 1, 10, 2),
    recoveryThreshold: whole('The recovery threshold', 1, 10, 1),
    method: z.preprocess(blankToUndefined, z.string().optional()),
    expectedStatus: optionalText(200, 'At most 200 characters.'),
    keyword: optionalText(500, 'At most 500 characters.'),
    keywordInverted: checkbox,
    followRedirects: checkbox,
    headers: optionalText(16 * 1024, 'At most 16 KB of headers.'),
    body: z.preprocess(blankToUndefined, z.string().max(64 * 1024, 'At most 64 KB.').optional()),
    verifyTls: checkbox,
    recordType: z.preprocess(blankToUndefined, z.string().optional()),
    expectedValue: optionalText(500, 'At most 500 characters.'),
    resolver: optionalText(100, 'At most 100 characters.'),
    serverName: optionalText(253, 'At most 253 characters.'),
    starttls: z.preprocess(blankToUndefined, z.string().optional()),
    /** "21, 14, 7, 1": days before a certificate's expiry to warn at. */
    certificateWarningDays: optionalText(100, 'At most 100 characters.'),
    /** The http assertions as the form's editor sends them: a JSON array of {source, path, operator, value}. */
    assertions: z.preprocess((value) => {
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return 'not json';
      }
    }, z.array(z.unknown(), { error: 'The assertions could not be read; reload the page and try again.' }).optional()),
    pushSchedule: z.preprocess(blankToUndefined, z.enum(PUSH_SCHEDULES, { error: 'Choose a period or a cron expression.' }).default('period')),
    period: optionalText(20, 'At most 20 characters.'),
    cron: optionalText(100, 'At most 100 characters.'),
    timeZone: optionalText(64, 'At most 64 characters.'),
    grace: optionalText(20, 'At most 20 characters.'),
    /** The further locations' agents (the form's `location:<id>` boxes); `agentId` is the first. */
    locations: z.array(z.string(), { error: 'Choose the locations among your agents.' }).max(MAX_LOCATIONS - 1, `At most ${MAX_LOCATIONS} locations.`).default([]),
    quorumRule: z.preprocess(blankToUndefined, z.enum(QUORUM_RULES, { error: 'Choose when the monitor is down.' }).default('any')),
    quorumK: whole('The number of locations that must agree', 1, MAX_LOCATIONS, 1),
    degradedAfterMs: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'Slower than must be a whole number of milliseconds.' })
        .int('Slower than must be a whole number of milliseconds.')
        .min(1, 'Slower than must be at least 1 ms.')
        .optional(),
    ),
  });

/**
 * The form as posted: the ticked `location:<id>` boxes become `locations`, and (when the form
 * listed them: `dependsOnListed`) the ticked `dependsOn:<id>` boxes become `dependsOn`.
 */
const withLocations = (raw: unknown) => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const form = raw as Record<string, unknown>;
  return {
    ...form,
    ...('locations' in form ? {} : { locations: checkedIds(form, 'location') }),
    ...('dependsOnListed' in form && !('dependsOn' in form) ? { dependsOn: checkedIds(form, 'dependsOn') } : {}),
  };
};

export const monitorFormSchema = z.preprocess(withLocations, monitorFormFields).transform((form, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (form.type === 'push') return pushMonitorInput(form, problem);
    if (!form.agentId) problem('agentId', 'Choose one of your agents.');
    if (form.timeoutSeconds >= form.intervalSeconds) problem('timeoutSeconds', 'The timeout must be shorter than the interval.');
    const locations = locationsProblem(form);
    if (locations) problem(locations.field, locations.message);
    if (form.degradedAfterMs !== undefined && form.degradedAfterMs >= form.timeoutSeconds * 1000) {
      problem('degradedAfterMs', `Must be shorter than the timeout (${form.timeoutSeconds * 1000} ms): a check that slow fails, so it would never show as degraded.`);
    }
    const target = form.target ? targetProblem(form.type, form.target) : 'Enter what to check.';
    if (target) problem('target', target);

    let rawOptions: Record<string, unknown> = {};
    if (form.type === 'http') {
      const headers = parseHeaderLines(form.headers ?? '', { max: 50 });
      if (typeof headers === 'string') problem('headers', headers);
      if (form.body !== undefined && form.method !== 'POST') problem('body', 'A body is only sent with POST.');
      rawOptions = {
        method: form.method,
        expectedStatus: form.expectedStatus,
        keyword: form.keyword,
        keywordInverted: form.keywordInverted,
        followRedirects: form.followRedirects,
        headers: typeof headers === 'string' ? {} : headers,
        body: form.body,
        verifyTls: form.verifyTls,
        assertions: form.assertions ?? [],
        certificateWarningDays: warningDays(form.certificateWarningDays, problem),
      };
    } else if (form.type === 'tls') {
      rawOptions = { serverName: form.serverName, starttls: form.starttls, verifyTls: form.verifyTls, certificateWarningDays: warningDays(form.certificateWarningDays, problem) };
    } else if (form.type === 'dns') {
      if (form.resolver) {
        const resolver = resolverProblem(form.resolver);
        if (resolver) problem('resolver', resolver);
      }
      rawOptions = { recordType: form.recordType, expectedValue: form.expectedValue, resolver: form.resolver };
    }
    const options = optionsSchemaByType[form.type].safeParse(rawOptions);
    if (!options.success) {
      for (const issue of options.error.issues) {
        const [field, index] = issue.path;
        if (field === 'assertions' && typeof index === 'number') problem('assertions', `Assertion ${index + 1}: ${issue.message}`);
        else problem(String(field ?? 'type'), issue.message);
      }
      return z.NEVER;
    }
    return {
      name: form.name,
      agentId: form.agentId ?? null,
      type: form.type,
      target: form.target,
      intervalSeconds: form.intervalSeconds,
      timeoutSeconds: form.timeoutSeconds,
      failureThreshold: form.failureThreshold,
      recoveryThreshold: form.recoveryThreshold,
      options: options.data as MonitorOptions,
      locations: form.locations,
      quorumRule: form.quorumRule,
      quorumK: form.quorumRule === 'k' ? form.quorumK : 1,
      degradedAfterMs: form.degradedAfterMs ?? null,
      dependsOn: form.dependsOn,
    };
  });

/** Locations each an agent once (the first one included); k no more than their number. */
function locationsProblem(form: MonitorForm): { field: string; message: string } | null {
  const all = [form.agentId, ...form.locations];
  if (form.locations.some((id) => !z.uuid().safeParse(id).success)) return { field: 'locations', message: 'Choose the locations among your agents.' };
  if (new Set(all).size !== all.length) return { field: 'locations', message: 'Each agent can be one location of a monitor, once.' };
  if (form.quorumRule === 'k' && form.quorumK > all.length) {
    return { field: 'quorumK', message: `At most ${all.length}: the monitor has ${all.length} location${all.length === 1 ? '' : 's'}.` };
  }
  return null;
}

type MonitorForm = z.output<typeof monitorFormFields>;

/** "21, 14, 7, 1" → [21, 14, 7, 1]; the defaults when blank. */
function warningDays(text: string | undefined, problem: (path: string, message: string) => void): number[] | undefined {
  if (!text) return undefined;
  const days = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (days.length > 10 || days.some((day) => !Number.isInteger(day) || day < 1 || day > 365)) {
    problem('certificateWarningDays', 'Up to 10 whole numbers of days from 1 to 365, like 21, 14, 7, 1.');
    return undefined;
  }
  return days;
}

/**
 * A push monitor: no agent, target or timeout; its schedule is its options, its target the
 * schedule in words, its interval the shortest gap between two expected pings. Any failure
 * (a failed run, a missed ping) makes it down at once, one success up again.
 */
function pushMonitorInput(form: MonitorForm, problem: (path: string, message: string) => void) {
  const duration = (field: 'period' | 'grace', value: string | undefined, fallback: number) => {
    if (!value) return fallback;
    const seconds = parseDurationInput(value);
    if (seconds === null) problem(field, 'Write a duration like 90s, 15m, 1h or 1d (a bare number is minutes).');
    return seconds ?? fallback;
  };
  const schedule = form.pushSchedule ?? 'period';
  const raw = {
    schedule,
    periodSeconds: duration('period', form.period, 3600),
    cron: form.cron ?? '',
    timeZone: form.timeZone ?? 'UTC',
    graceSeconds: duration('grace', form.grace, 300),
  };
  if (schedule === 'cron') {
    const cron = cronProblem(raw.cron, raw.timeZone);
    if (cron) problem(cron.field, cron.message);
  }
  const options = optionsSchemaByType.push.safeParse({ ...raw, cron: raw.cron || undefined });
  if (!options.success) {
    for (const issue of options.error.issues) {
      const field = ({ periodSeconds: 'period', graceSeconds: 'grace' } as Record<string, string>)[String(issue.path[0])] ?? String(issue.path[0]);
      problem(field, field === 'period' || field === 'grace' ? `Between 10s and ${field === 'period' ? '31d' : '7d'}.` : issue.message);
    }
    return z.NEVER;
  }
  const push: PushOptions = options.data;
  if (push.schedule === 'cron' && cronProblem(push.cron, push.timeZone)) return z.NEVER;
  return {
    name: form.name,
    agentId: null,
    type: 'push' as const,
    target: scheduleSummary(push),
    intervalSeconds: shortestGapSeconds(push),
    timeoutSeconds: 10,
    failureThreshold: 1,
    recoveryThreshold: 1,
    options: push as MonitorOptions,
    // Pings come to the server: one location, and no latency to be slow by.
    locations: [] as string[],
    quorumRule: 'any' as const,
    quorumK: 1,
    degradedAfterMs: null,
    dependsOn: form.dependsOn,
  };
}

export type MonitorInput = z.output<typeof monitorFormSchema>;

const monitorId = z.uuid({ error: 'That monitor does not exist.' });
export const monitorRefSchema = z.object({ monitorId });
export const updateMonitorSchema = z.object({ monitorId }).and(monitorFormSchema);
export const setEnabledSchema = z.object({ monitorId, enabled: z.enum(['true', 'false']).transform((v) => v === 'true') });
export const deleteMonitorSchema = z.object({ monitorId, confirm: z.literal('on', { error: 'Tick the box to confirm.' }) });
export const regeneratePingUrlSchema = deleteMonitorSchema;

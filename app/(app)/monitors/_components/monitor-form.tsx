'use client';

import Link from 'next/link';
import { useState } from 'react';
import { CheckboxField, Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { Checklist } from '@/components/ui/checklist';
import { useFormAction } from '@/components/ui/use-form-action';
import { DNS_RECORD_TYPES, HTTP_METHODS, MONITOR_TYPES, PUSH_SCHEDULES, QUORUM_RULE_LABELS, QUORUM_RULES, STARTTLS_PROTOCOLS } from '@/lib/contracts/monitor-kinds';
import { type PlanName, PLANS } from '@/lib/plans';
import { createMonitorAction, updateMonitorAction } from '../actions';
import { AssertionsEditor } from './assertions-editor';
import { TryCheck } from './try-check';

/** What the form starts with: a monitor being edited, or the defaults. All strings, as in a form. */
export interface MonitorFormValues {
  monitorId?: string;
  name: string;
  agentId: string;
  type: string;
  target: string;
  intervalSeconds: string;
  timeoutSeconds: string;
  failureThreshold: string;
  recoveryThreshold: string;
  method: string;
  expectedStatus: string;
  keyword: string;
  keywordInverted: boolean;
  followRedirects: boolean;
  headers: string;
  body: string;
  verifyTls: boolean;
  recordType: string;
  expectedValue: string;
  resolver: string;
  pushSchedule: string;
  period: string;
  cron: string;
  timeZone: string;
  grace: string;
  /** The http assertions as JSON (the editor's field). */
  assertions: string;
  serverName: string;
  starttls: string;
  certificateWarningDays: string;
  /** The further locations' agents (the first is agentId). */
  locations: string[];
  quorumRule: string;
  quorumK: string;
  degradedAfterMs: string;
  /** the monitors it depends on */
  dependsOn: string[];
}

const TYPE_LABELS: Record<string, string> = { http: 'HTTP(S)', tcp: 'TCP port', ping: 'Ping', dns: 'DNS', tls: 'TLS certificate', push: 'Push (cron job, heartbeat)' };
const TARGET_HINTS: Record<string, { label: string; placeholder: string }> = {
  http: { label: 'URL', placeholder: 'https://example.com/health' },
  tcp: { label: 'Host and port', placeholder: 'db.internal:5432' },
  ping: { label: 'Host name or IP address', placeholder: 'example.com' },
  dns: { label: 'Host name to look up', placeholder: 'example.com' },
  tls: { label: 'Host and port', placeholder: 'mail.example.com:465' },
};

export function MonitorForm({
  initial,
  agents,
  plan,
  limitReason,
  others = [],
}: {
  initial: MonitorFormValues;
  agents: { id: string; name: string; kind: string }[];
  plan: PlanName;
  /** the team's other monitors, that this one may depend on */
  others?: { id: string; name: string }[];
  /** the plan's monitor limit is reached: creating is refused, and this says why */
  limitReason?: string;
}) {
  const form = useFormAction(initial.monitorId ? updateMonitorAction : createMonitorAction);
  // After a refused submit the form mounts again (its key changes): start from what was chosen.
  const [type, setType] = useState(() => form.typed('type') ?? initial.type);
  const [schedule, setSchedule] = useState(() => form.typed('pushSchedule') ?? initial.pushSchedule);
  const submitted = form.state !== null;
  // After a refused submit the form shows what was typed; before it, the monitor's values.
  const text = (field: keyof MonitorFormValues) => form.typed(field) ?? (submitted ? '' : String(initial[field] ?? ''));
  const checked = (field: 'keywordInverted' | 'followRedirects' | 'verifyTls') => (submitted ? form.typed(field) === 'on' : initial[field]);
  const target = TARGET_HINTS[type] ?? TARGET_HINTS.http!;
  // Followed as typed: the assertions list shows them as the assertions checked first.
  const [expectedStatus, setExpectedStatus] = useState(() => text('expectedStatus'));
  const [keyword, setKeyword] = useState(() => text('keyword'));
  const [keywordInverted, setKeywordInverted] = useState(() => checked('keywordInverted'));

  return (
    <form action={form.action} className="max-w-2xl space-y-6" noValidate key={submitted ? 'after' : 'before'}>
      {initial.monitorId ? <input type="hidden" name="monitorId" value={initial.monitorId} /> : null}
      <FormError message={form.formError} />
      {limitReason ? (
        <p id="monitor-limit" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {limitReason}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" maxLength={100} defaultValue={text('name')} error={form.fieldError('name')} />
        <SelectField
          label="Type"
          name="type"
          value={type}
          onChange={(event) => setType(event.target.value)}
          error={form.fieldError('type')}
          options={MONITOR_TYPES.map((value) => ({ value, label: TYPE_LABELS[value]! }))}
        />
      </div>

      {type === 'push' ? (
        <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold">Schedule</legend>
          <p className="text-sm text-slate-600">
            Your job calls this monitor&apos;s ping URL (shown once it is created) when it runs. It goes down when a ping is late by more than the grace time, when a run that called <code>/start</code> does not finish within it, or at once when a run reports failure.
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Expect a ping"
              name="pushSchedule"
              value={schedule}
              onChange={(event) => setSchedule(event.target.value)}
              error={form.fieldError('pushSchedule')}
              options={PUSH_SCHEDULES.map((value) => ({ value, label: value === 'period' ? 'Every period' : 'On a cron schedule' }))}
            />
            {schedule === 'cron' ? (
              <>
                <Field label="Cron expression" name="cron" placeholder="0 3 * * *" maxLength={100} defaultValue={text('cron')} error={form.fieldError('cron')} hint="5 fields: minute, hour, day of month, month, day of week." />
                <Field label="Time zone" name="timeZone" placeholder="Europe/Berlin" maxLength={64} defaultValue={text('timeZone')} error={form.fieldError('timeZone')} hint="The zone the cron times are in (IANA name)." />
              </>
            ) : (
              <Field label="Period" name="period" placeholder="1h" maxLength={20} defaultValue={text('period')} error={form.fieldError('period')} hint={`Like 90s, 15m, 1h or 1d; ${PLANS[plan].shortestIntervalSeconds}s or more on the ${plan} plan.`} />
            )}
            <Field label="Grace time" name="grace" placeholder="5m" maxLength={20} defaultValue={text('grace')} error={form.fieldError('grace')} hint="How late a ping may be before the monitor is down." />
          </div>
        </fieldset>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Agent"
            name="agentId"
            defaultValue={text('agentId')}
            error={form.fieldError('agentId')}
            hint={agents.length === 0 ? 'Add an agent first (Agents page): HTTP, TCP, ping and DNS checks run on one.' : undefined}
            options={agents.map((agent) => ({ value: agent.id, label: agent.kind === 'builtin' ? `${agent.name} (this server)` : agent.name }))}
          />
          <Field label={target.label} name="target" placeholder={target.placeholder} maxLength={500} defaultValue={text('target')} error={form.fieldError('target')} />
          <Field label="Check every (seconds)" name="intervalSeconds" inputMode="numeric" defaultValue={text('intervalSeconds')} error={form.fieldError('intervalSeconds')} hint={`${PLANS[plan].shortestIntervalSeconds} or more on the ${plan} plan.`} />
          <Field label="Timeout (seconds)" name="timeoutSeconds" inputMode="numeric" defaultValue={text('timeoutSeconds')} error={form.fieldError('timeoutSeconds')} hint="1 to 60, shorter than the interval." />
          <Field label="Down after failures in a row" name="failureThreshold" inputMode="numeric" defaultValue={text('failureThreshold')} error={form.fieldError('failureThreshold')} hint="1 to 10: how many failed checks in a row make it down." />
          <Field label="Up after successes in a row" name="recoveryThreshold" inputMode="numeric" defaultValue={text('recoveryThreshold')} error={form.fieldError('recoveryThreshold')} hint="1 to 10." />
          <Field label="Degraded when slower than (ms)" name="degradedAfterMs" inputMode="numeric" placeholder="e.g. 2000" defaultValue={text('degradedAfterMs')} error={form.fieldError('degradedAfterMs')} hint="Optional, shorter than the timeout: that many slow checks in a row (the failure threshold) show it as degraded, still up." />
        </div>
      )}

      {type !== 'push' && agents.length > 1 ? (
        <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold">Locations</legend>
          <p className="text-sm text-slate-600">The agent above checks it; tick others to check it from there too. Each location keeps its own streak, and the rule below decides when the monitor is down.</p>
          <div className="grid gap-2 sm:grid-cols-2">
            {agents.map((agent) => (
              <CheckboxField
                key={agent.id}
                label={`Also check from ${agent.kind === 'builtin' ? `${agent.name} (this server)` : agent.name}`}
                name={`location:${agent.id}`}
                defaultChecked={submitted ? form.typed(`location:${agent.id}`) === 'on' : initial.locations.includes(agent.id)}
              />
            ))}
          </div>
          {form.fieldError('locations') ? <p className="text-sm text-red-700">{form.fieldError('locations')}</p> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Down when" name="quorumRule" defaultValue={text('quorumRule') || 'any'} error={form.fieldError('quorumRule')} options={QUORUM_RULES.map((value) => ({ value, label: QUORUM_RULE_LABELS[value] }))} />
            <Field label="Locations that must agree (k)" name="quorumK" inputMode="numeric" defaultValue={text('quorumK')} error={form.fieldError('quorumK')} hint="For “at least k”: from 1 to the number of locations. Offline agents do not vote." />
          </div>
        </fieldset>
      ) : null}

      {type === 'http' ? (
        <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold">HTTP</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Method" name="method" defaultValue={text('method') || 'GET'} error={form.fieldError('method')} options={HTTP_METHODS.map((value) => ({ value, label: value }))} />
            <Field label="Expected status codes" name="expectedStatus" placeholder="200-399" defaultValue={text('expectedStatus')} onChange={(event) => setExpectedStatus(event.target.value)} error={form.fieldError('expectedStatus')} hint="Codes and ranges, like 200-299,301." />
            <Field label="Keyword" name="keyword" defaultValue={text('keyword')} onChange={(event) => setKeyword(event.target.value)} error={form.fieldError('keyword')} hint="Optional: text the response body must contain." />
          </div>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            <CheckboxField label="Fail when the keyword is present instead" name="keywordInverted" defaultChecked={checked('keywordInverted')} onChange={(event) => setKeywordInverted(event.target.checked)} />
            <CheckboxField label="Follow redirects" name="followRedirects" defaultChecked={checked('followRedirects')} />
            <CheckboxField label="Verify TLS certificate" name="verifyTls" defaultChecked={checked('verifyTls')} />
          </div>
          <TextAreaField label="Request headers" name="headers" rows={3} placeholder="Authorization: Bearer …" defaultValue={text('headers')} error={form.fieldError('headers')} hint="One per line, as Name: value." />
          <TextAreaField label="Request body (POST)" name="body" rows={3} defaultValue={text('body')} error={form.fieldError('body')} />
          <Field label="Warn days before the certificate expires" name="certificateWarningDays" placeholder="21, 14, 7, 1" defaultValue={text('certificateWarningDays')} error={form.fieldError('certificateWarningDays')} hint="For https: a message to the monitor's channels at each, once per certificate." />
          <AssertionsEditor initial={text('assertions') || '[]'} error={form.fieldError('assertions')} builtIn={{ expectedStatus, keyword, keywordInverted }} />
          <TryCheck />
        </fieldset>
      ) : null}

      {type === 'tls' ? (
        <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2">
          <legend className="px-1 text-sm font-semibold">TLS</legend>
          <Field label="Server name (SNI)" name="serverName" placeholder="mail.example.com" defaultValue={text('serverName')} error={form.fieldError('serverName')} hint="Optional: the name to ask for and check the certificate against; the host when empty." />
          <SelectField
            label="STARTTLS"
            name="starttls"
            defaultValue={text('starttls') || 'none'}
            error={form.fieldError('starttls')}
            options={STARTTLS_PROTOCOLS.map((value) => ({ value, label: value === 'none' ? 'No: TLS from the start (465, 993, 5432 with TLS…)' : 'SMTP (ports 25 and 587)' }))}
          />
          <Field label="Warn days before the certificate expires" name="certificateWarningDays" placeholder="21, 14, 7, 1" defaultValue={text('certificateWarningDays')} error={form.fieldError('certificateWarningDays')} hint="A message to the monitor's channels at each, once per certificate." />
          <CheckboxField label="Verify the certificate (trusted issuer, host name)" name="verifyTls" defaultChecked={checked('verifyTls')} />
        </fieldset>
      ) : null}

      {type === 'dns' ? (
        <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2">
          <legend className="px-1 text-sm font-semibold">DNS</legend>
          <SelectField label="Record type" name="recordType" defaultValue={text('recordType') || 'A'} error={form.fieldError('recordType')} options={DNS_RECORD_TYPES.map((value) => ({ value, label: value }))} />
          <Field label="Expected value" name="expectedValue" defaultValue={text('expectedValue')} error={form.fieldError('expectedValue')} hint="Optional: an answer must contain it." />
          <Field label="Resolver" name="resolver" placeholder="1.1.1.1 or [2606:4700::1111]:53" defaultValue={text('resolver')} error={form.fieldError('resolver')} hint="Optional: the system's resolver when empty." />
        </fieldset>
      ) : null}

      {others.length ? (
        <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold">Depends on</legend>
          <input type="hidden" name="dependsOnListed" value="1" />
          <p className="text-xs text-slate-600">
            While one of these is down, this monitor’s own incidents are held: marked “probably caused by” it, no notification of their own, announced only if this one is still down when that one recovers. Uptime is counted as always.
          </p>
          <Checklist items={others} chosen={submitted ? others.filter((m) => form.typed(`dependsOn:${m.id}`) === 'on').map((m) => m.id) : initial.dependsOn} label="Monitors this one depends on" name="dependsOn" />
          {form.fieldError('dependsOn') ? <p className="text-sm text-red-600">{form.fieldError('dependsOn')}</p> : null}
        </fieldset>
      ) : null}

      <div className="flex items-center gap-4">
        <SubmitButton pendingText="Saving…" disabledReasonId={limitReason && !initial.monitorId ? 'monitor-limit' : undefined}>
          {initial.monitorId ? 'Save changes' : 'Create monitor'}
        </SubmitButton>
        <Link href="/monitors" className="text-sm text-slate-600 hover:underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}

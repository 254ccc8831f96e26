import type { MonitorDetail } from '@/db/queries/monitors';
import { durationInput } from '@/lib/checks/push/durations';
import { completeOptions, type DnsOptions, type HttpOptions, type PushOptions, type TlsOptions } from '@/lib/contracts/monitors';
import { type PlanName, PLANS } from '@/lib/plans';
import type { MonitorFormValues } from './monitor-form';

/** A new monitor's form: every 30 s, or as often as the plan allows if that is less often. */
export function newMonitorValues(agentId: string, plan: PlanName, type = 'http'): MonitorFormValues {
  return {
    name: '',
    agentId,
    type,
    target: '',
    intervalSeconds: String(Math.max(30, PLANS[plan].shortestIntervalSeconds)),
    timeoutSeconds: '10',
    failureThreshold: '2',
    recoveryThreshold: '1',
    method: 'GET',
    expectedStatus: '200-399',
    keyword: '',
    keywordInverted: false,
    followRedirects: true,
    headers: '',
    body: '',
    verifyTls: true,
    recordType: 'A',
    expectedValue: '',
    resolver: '',
    pushSchedule: 'period',
    period: durationInput(Math.max(3600, PLANS[plan].shortestIntervalSeconds)),
    cron: '0 * * * *',
    timeZone: 'UTC',
    grace: '5m',
    assertions: '[]',
    serverName: '',
    starttls: 'none',
    certificateWarningDays: '21, 14, 7, 1',
    locations: [],
    quorumRule: 'any',
    quorumK: '2',
    degradedAfterMs: '',
    dependsOn: [],
  };
}

export function monitorValues(monitor: MonitorDetail): MonitorFormValues {
  // Every field the monitor has is set below; the defaults only fill the other type's options.
  const defaults = newMonitorValues(monitor.agentId ?? '', 'free');
  const http = monitor.type === 'http' ? (completeOptions('http', monitor.options) as HttpOptions) : null;
  const dns = monitor.type === 'dns' ? (completeOptions('dns', monitor.options) as DnsOptions) : null;
  const push = monitor.type === 'push' ? (completeOptions('push', monitor.options) as PushOptions) : null;
  const tls = monitor.type === 'tls' ? (completeOptions('tls', monitor.options) as TlsOptions) : null;
  return {
    ...defaults,
    monitorId: monitor.id,
    name: monitor.name,
    type: monitor.type,
    target: monitor.target,
    intervalSeconds: String(monitor.intervalSeconds ?? 30),
    timeoutSeconds: String(monitor.timeoutSeconds ?? 10),
    failureThreshold: String(monitor.failureThreshold),
    recoveryThreshold: String(monitor.recoveryThreshold),
    locations: monitor.locations,
    quorumRule: monitor.quorumRule,
    quorumK: String(monitor.quorumRule === 'k' ? monitor.quorumK : 2),
    degradedAfterMs: monitor.degradedAfterMs === null ? '' : String(monitor.degradedAfterMs),
    dependsOn: monitor.dependsOn,
    ...(http
      ? {
          method: http.method,
          expectedStatus: http.expectedStatus,
          keyword: http.keyword ?? '',
          keywordInverted: http.keywordInverted,
          followRedirects: http.followRedirects,
          headers: Object.entries(http.headers).map(([name, value]) => `${name}: ${value}`).join('\n'),
          body: http.body ?? '',
          verifyTls: http.verifyTls,
          assertions: JSON.stringify(http.assertions),
          certificateWarningDays: http.certificateWarningDays.join(', '),
        }
      : {}),
    ...(dns ? { recordType: dns.recordType, expectedValue: dns.expectedValue ?? '', resolver: dns.resolver ?? '' } : {}),
    ...(tls ? { serverName: tls.serverName ?? '', starttls: tls.starttls, verifyTls: tls.verifyTls, certificateWarningDays: tls.certificateWarningDays.join(', ') } : {}),
    ...(push
      ? { target: '', pushSchedule: push.schedule, period: durationInput(push.periodSeconds), cron: push.cron, timeZone: push.timeZone, grace: durationInput(push.graceSeconds) }
      : {}),
  };
}

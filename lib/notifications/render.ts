import type { NotificationEventKind } from '@/db/schema/notifications';
import { daysUntil } from '@/lib/contracts/certificates';
import { formatDuration } from '@/lib/format';

// What a notification says, the same for every channel; each sender lays it out its own
// way. Pure: built from the event's snapshot (taken when it happened) and the link base.

export interface EventSnapshot {
  monitor?: { id: string; name: string; type: string; target: string };
  agent?: { id: string; name: string; lastSeenAt?: string | null };
  incident?: {
    id: string;
    status?: string;
    startedAt?: string;
    resolvedAt?: string | null;
    ttrSeconds?: number | null;
    acknowledgedAt?: string | null;
    acknowledgedBy?: string | null;
    /** Who resolved it by hand (absent when it recovered by itself). */
    resolvedBy?: string | null;
  };
  lastError?: string | null;
  /** incident.escalated: where in its policy */
  escalation?: { policyId: string; policy: string; step: number; steps: number; pass: number; passes: number; waitMinutes: number; previousWaitMinutes: number | null };
  /** incident.resolved: closed because its monitor was paused or deleted while it was open */
  because?: 'paused' | 'deleted';
  monitors?: number;
  /** monitor.flapping: changes folded and over how many minutes, and the status now */
  changes?: number;
  minutes?: number;
  statusNow?: string;
  /** certificate.expiring */
  certificate?: { fingerprint: string; subject: string; issuer: string; notAfter: string; chainNotAfter: string };
  thresholdDays?: number;
  certificateMonitors?: { id: string; name: string }[];
  /** domain.expiring */
  domain?: { name: string; expiresAt: string };
  domainMonitors?: { id: string; name: string }[];
  /** monitor.degraded, monitor.recovered: its latest degraded period */
  degraded?: { startedAt: string; endedAt: string | null; afterMs: number | null } | null;
  /** maintenance.started, maintenance.ended: the window and its monitors */
  maintenance?: { id: string; title: string; description: string | null; startsAt: string; endsAt: string };
  maintenanceMonitors?: { id: string; name: string }[];
  /** slo.burning, slo.exhausted: the SLO and its numbers when told */
  slo?: { id: string; name: string; subject: string; target: number; window: string; attainment: number | null; budgetLeftShare: number | null; burn: Record<string, number | null>; alert: 'fast' | 'slow' | null };
  /** monitor.partial: the live locations that are down, with their last error */
  locations?: { name: string; error: string | null }[] | null;
}

export type Severity = 'down' | 'up' | 'warning' | 'info';

export interface Message {
  eventId: string;
  kind: NotificationEventKind;
  /** "Down: Website" */
  title: string;
  /** one sentence */
  summary: string;
  severity: Severity;
  fields: { label: string; value: string }[];
  /** the incident (or agent) page */
  link: string | null;
  incidentId: string | null;
  occurredAt: string;
  /** the JSON body of a webhook: Standard Webhooks' {type, timestamp, data} */
  body: { type: NotificationEventKind; timestamp: string; data: Record<string, unknown> };
}

const when = (iso: string | null | undefined) => (iso ? `${new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : '–');

export function renderMessage(event: { id: string; kind: NotificationEventKind; payload: EventSnapshot; createdAt: Date }, baseUrl: string): Message {
  const p = event.payload;
  const monitor = p.monitor?.name ?? 'A monitor';
  const agent = p.agent?.name ?? 'An agent';
  const incidentLink = p.incident ? `${baseUrl}/incidents/${p.incident.id}` : null;
  const fields: Message['fields'] = [];
  if (p.monitor) fields.push({ label: 'Monitor', value: `${p.monitor.name} (${p.monitor.type} ${p.monitor.target})` });
  if (p.agent) fields.push({ label: 'Agent', value: p.agent.name });
  let title: string;
  let summary: string;
  let severity: Severity;
  let link = incidentLink;

  switch (event.kind) {
    case 'incident.opened':
      title = `Down: ${monitor}`;
      summary = `${monitor} is down since ${when(p.incident?.startedAt)}.`;
      severity = 'down';
      fields.push({ label: 'Down since', value: when(p.incident?.startedAt) });
      break;
    case 'incident.acknowledged':
      title = `Acknowledged: ${monitor}`;
      summary = `${p.incident?.acknowledgedBy ?? 'Someone'} acknowledged the incident of ${monitor} (down since ${when(p.incident?.startedAt)}).`;
      severity = 'warning';
      fields.push({ label: 'Acknowledged by', value: p.incident?.acknowledgedBy ?? '–' }, { label: 'Down since', value: when(p.incident?.startedAt) });
      break;
    case 'incident.resolved':
      title = p.because ? `Closed: ${monitor}` : p.incident?.resolvedBy ? `Resolved: ${monitor}` : `Up again: ${monitor}`;
      summary = p.because
        ? `${p.incident?.resolvedBy ?? 'Someone'} ${p.because} ${monitor} while it was down; its incident is closed after ${formatDuration(p.incident?.ttrSeconds)} (down since ${when(p.incident?.startedAt)}).`
        : p.incident?.resolvedBy
        ? `${p.incident.resolvedBy} resolved the incident of ${monitor} after ${formatDuration(p.incident?.ttrSeconds)} (down since ${when(p.incident?.startedAt)}).`
        : `${monitor} is up again after ${formatDuration(p.incident?.ttrSeconds)} (down since ${when(p.incident?.startedAt)}).`;
      severity = 'up';
      fields.push({ label: 'Down for', value: formatDuration(p.incident?.ttrSeconds) }, { label: 'Resolved at', value: when(p.incident?.resolvedAt) });
      if (p.incident?.resolvedBy) fields.push({ label: 'Resolved by', value: p.incident.resolvedBy });
      break;
    case 'incident.reminder':
      title = `Still down: ${monitor}`;
      summary = `${monitor} is still down, since ${when(p.incident?.startedAt)}${p.incident?.acknowledgedBy ? `; ${p.incident.acknowledgedBy} is on it` : ''}.`;
      severity = 'down';
      fields.push({ label: 'Down since', value: when(p.incident?.startedAt) });
      break;
    case 'incident.escalated': {
      const e = p.escalation;
      const first = !e || (e.step === 1 && e.pass === 1);
      title = first ? `Down: ${monitor}` : `Not acknowledged: ${monitor}`;
      summary = first
        ? `${monitor} is down since ${when(p.incident?.startedAt)}.`
        : `${monitor} is down since ${when(p.incident?.startedAt)} and nobody acknowledged it within ${e.previousWaitMinutes ?? '?'} minutes: escalated to step ${e.step} of ${e.steps}.`;
      severity = 'down';
      fields.push({ label: 'Down since', value: when(p.incident?.startedAt) });
      if (e) {
        const last = e.step === e.steps && e.pass === e.passes;
        fields.push({ label: 'Escalation', value: `${e.policy}: step ${e.step} of ${e.steps}${e.passes > 1 ? `, pass ${e.pass} of ${e.passes}` : ''}; ${last ? 'the last step' : `the next in ${e.waitMinutes} min unless acknowledged`}` });
      }
      break;
    }
    case 'monitor.flapping':
      title = `Flapping: ${monitor}`;
      summary = `${monitor} is flapping: ${p.changes ?? 'several'} changes in the last ${p.minutes ?? 5} minutes; it is ${p.statusNow ?? 'changing'} now.`;
      severity = 'warning';
      link = p.monitor ? `${baseUrl}/monitors/${p.monitor.id}` : null;
      break;
    case 'monitor.degraded':
      title = `Degraded: ${monitor}`;
      summary = `${monitor} answers, but slower than ${p.degraded?.afterMs?.toLocaleString('en-US') ?? 'its limit of'} ms since ${when(p.degraded?.startedAt)}.`;
      severity = 'warning';
      fields.push({ label: 'Slow since', value: when(p.degraded?.startedAt) });
      link = p.monitor ? `${baseUrl}/monitors/${p.monitor.id}` : null;
      break;
    case 'monitor.recovered': {
      const seconds = p.degraded?.endedAt ? (Date.parse(p.degraded.endedAt) - Date.parse(p.degraded.startedAt)) / 1000 : null;
      title = `Fast again: ${monitor}`;
      summary = `${monitor} answers within ${p.degraded?.afterMs?.toLocaleString('en-US') ?? 'its limit of'} ms again, after ${formatDuration(seconds)} degraded.`;
      severity = 'up';
      fields.push({ label: 'Degraded for', value: formatDuration(seconds) });
      link = p.monitor ? `${baseUrl}/monitors/${p.monitor.id}` : null;
      break;
    }
    case 'monitor.partial': {
      const failing = p.locations ?? [];
      title = `Failing from ${failing.map((l) => l.name).join(', ') || 'some locations'}: ${monitor}`;
      summary = `${monitor} fails from ${failing.length === 1 ? 'one location' : `${failing.length} locations`}, fewer than its quorum: no incident (yet).`;
      severity = 'warning';
      for (const location of failing) fields.push({ label: location.name, value: location.error ?? 'failing' });
      link = p.monitor ? `${baseUrl}/monitors/${p.monitor.id}` : null;
      break;
    }
    case 'agent.offline':
      title = `Agent offline: ${agent}`;
      summary = `${agent} has not been heard from since ${when(p.agent?.lastSeenAt)}; its ${p.monitors ?? 0} monitor(s) show as stale.`;
      severity = 'down';
      fields.push({ label: 'Last seen', value: when(p.agent?.lastSeenAt) });
      link = p.agent ? `${baseUrl}/agents/${p.agent.id}` : null;
      break;
    case 'agent.online':
      title = `Agent back online: ${agent}`;
      summary = `${agent} is reporting again.`;
      severity = 'up';
      link = p.agent ? `${baseUrl}/agents/${p.agent.id}` : null;
      break;
    case 'certificate.expiring': {
      const certificate = p.certificate;
      const expires = certificate?.chainNotAfter ?? certificate?.notAfter;
      const days = expires ? daysUntil(expires, event.createdAt.getTime()) : null;
      const subject = certificate?.subject ?? 'A certificate';
      const names = (p.certificateMonitors ?? []).map((m) => m.name);
      title = days !== null && days < 0 ? `Certificate expired: ${subject}` : `Certificate expires in ${days ?? '?'} day${days === 1 ? '' : 's'}: ${subject}`;
      summary = `The certificate of ${subject} (issued by ${certificate?.issuer ?? 'an unknown issuer'}) expires on ${when(expires)}; ${names.length ? `used by ${names.join(', ')}` : 'no monitor uses it now'}.`;
      severity = 'warning';
      fields.push({ label: 'Expires', value: when(expires) }, { label: 'Issuer', value: certificate?.issuer ?? '–' }, { label: 'Monitors', value: names.join(', ') || '–' });
      if (certificate?.chainNotAfter && certificate.chainNotAfter !== certificate.notAfter) fields.push({ label: 'Leaf expires', value: when(certificate.notAfter) });
      link = `${baseUrl}/certificates`;
      break;
    }
    case 'domain.expiring': {
      const name = p.domain?.name ?? 'A domain';
      const days = p.domain ? daysUntil(p.domain.expiresAt, event.createdAt.getTime()) : null;
      const names = (p.domainMonitors ?? []).map((m) => m.name);
      title = days !== null && days < 0 ? `Domain expired: ${name}` : `Domain expires in ${days ?? '?'} day${days === 1 ? '' : 's'}: ${name}`;
      summary = `The registration of ${name} expires on ${when(p.domain?.expiresAt)}; renew it before ${names.length ? names.join(', ') : 'its monitors'} stop${names.length === 1 ? 's' : ''} answering.`;
      severity = 'warning';
      fields.push({ label: 'Expires', value: when(p.domain?.expiresAt) }, { label: 'Monitors', value: names.join(', ') || '–' });
      link = `${baseUrl}/certificates`;
      break;
    }
    case 'maintenance.started':
    case 'maintenance.ended': {
      const started = event.kind === 'maintenance.started';
      const names = (p.maintenanceMonitors ?? []).map((m) => m.name);
      const window = p.maintenance?.title ?? 'Maintenance';
      title = `${started ? 'Maintenance started' : 'Maintenance ended'}: ${window}`;
      summary = started
        ? `${window} runs until ${when(p.maintenance?.endsAt)}: ${names.length ? names.join(', ') : 'its monitors'} raise${names.length === 1 ? 's' : ''} no alerts meanwhile.`
        : `${window} is over: ${names.length ? names.join(', ') : 'its monitors'} alert${names.length === 1 ? 's' : ''} again.`;
      severity = 'info';
      fields.push({ label: started ? 'Until' : 'Started', value: when(started ? p.maintenance?.endsAt : p.maintenance?.startsAt) }, { label: 'Monitors', value: names.join(', ') || '–' });
      link = p.maintenance ? `${baseUrl}/maintenance/${p.maintenance.id}` : `${baseUrl}/maintenance`;
      break;
    }
    case 'slo.burning':
    case 'slo.exhausted': {
      const slo = p.slo;
      const name = slo?.name ?? 'An SLO';
      const left = slo?.budgetLeftShare == null ? '–' : `${(Math.max(0, slo.budgetLeftShare) * 100).toFixed(1)} %`;
      const rate = (value: number | null | undefined) => (value == null ? '–' : `${value.toFixed(1)}×`);
      if (event.kind === 'slo.burning') {
        const fast = slo?.alert !== 'slow';
        title = `SLO burning: ${name}`;
        summary = `${slo?.subject ?? name} is spending its error budget ${rate(fast ? slo?.burn['1h'] : slo?.burn['6h'])} as fast as the target allows (over the last ${fast ? 'hour' : '6 hours'}); ${left} of the budget is left.`;
      } else {
        title = `SLO budget used up: ${name}`;
        summary = `${slo?.subject ?? name} has used its whole error budget for the window: the ${slo?.target ?? '?'} % target is missed unless it holds from here on.`;
      }
      severity = 'warning';
      fields.push(
        { label: 'Target', value: `${slo?.target ?? '?'} % (${slo?.window ?? '?'})` },
        { label: 'Attainment so far', value: slo?.attainment == null ? 'no data' : `${slo.attainment} %` },
        { label: 'Budget left', value: left },
        { label: 'Burn rate 1 h / 6 h / 3 d', value: [rate(slo?.burn['1h']), rate(slo?.burn['6h']), rate(slo?.burn['3d'])].join(' / ') },
      );
      link = slo ? `${baseUrl}/slos/${slo.id}` : `${baseUrl}/slos`;
      break;
    }
    default:
      title = 'Test notification from Watchpost';
      summary = 'This channel works: this is what Watchpost sends when a monitor goes down or comes back.';
      severity = 'info';
      link = `${baseUrl}/settings/notifications`;
  }
  if (p.lastError && event.kind !== 'incident.resolved') fields.push({ label: 'Last error', value: p.lastError.slice(0, 500) });

  const occurredAt = event.createdAt.toISOString();
  return {
    eventId: event.id,
    kind: event.kind,
    title,
    summary,
    severity,
    fields,
    link,
    incidentId: p.incident?.id ?? null,
    occurredAt,
    body: {
      type: event.kind,
      timestamp: occurredAt,
      data: {
        eventId: event.id,
        title,
        summary,
        url: link,
        ...(p.incident ? { incident: p.incident } : {}),
        ...(p.monitor ? { monitor: p.monitor } : {}),
        ...(p.agent ? { agent: p.agent } : {}),
        ...(p.certificate ? { certificate: p.certificate, thresholdDays: p.thresholdDays, monitors: p.certificateMonitors ?? [] } : {}),
        ...(p.domain ? { domain: p.domain, thresholdDays: p.thresholdDays, monitors: p.domainMonitors ?? [] } : {}),
        ...(p.maintenance ? { maintenance: p.maintenance, monitors: p.maintenanceMonitors ?? [] } : {}),
        ...(p.lastError !== undefined ? { lastError: p.lastError } : {}),
        ...(p.because ? { because: p.because } : {}),
        ...(p.escalation ? { escalation: p.escalation } : {}),
        ...(p.slo ? { slo: p.slo } : {}),
        ...(event.kind === 'monitor.flapping' ? { changes: p.changes, minutes: p.minutes, statusNow: p.statusNow } : {}),
      },
    },
  };
}

import 'server-only';
import type { Message } from '../render';
import { plainText } from './format';
import { post } from './http';
import type { AttemptResult, SendContext } from './types';

// Paging services keep one alert per problem, opened, acknowledged and closed by a key of
// ours: the incident's id for incidents (the same key on every message of it, and on every
// retry), the agent's for offline/back, the monitor's for degraded/fast again. A "send
// test" opens an alert and closes it at once.

type Action = 'trigger' | 'acknowledge' | 'resolve';
type Urgency = 'critical' | 'warning' | 'info';

interface Alert {
  action: Action;
  key: string;
  urgency: Urgency;
}

interface EventData {
  monitor?: { id: string; name: string; target: string };
  agent?: { id: string; name: string };
  certificate?: { fingerprint: string };
  domain?: { name: string };
  incident?: { acknowledgedBy?: string | null; resolvedBy?: string | null };
}

/** What a message does to the service's alert, and which alert. */
export function alertOf(message: Message): Alert {
  const data = message.body.data as EventData;
  const urgency: Urgency = message.severity === 'down' ? 'critical' : message.severity === 'info' ? 'info' : 'warning';
  switch (message.kind) {
    case 'incident.opened':
    case 'incident.escalated':
    case 'incident.reminder':
      return { action: 'trigger', key: message.incidentId!, urgency: 'critical' };
    case 'incident.acknowledged':
      return { action: 'acknowledge', key: message.incidentId!, urgency };
    case 'incident.resolved':
      return { action: 'resolve', key: message.incidentId!, urgency };
    case 'agent.offline':
    case 'agent.online':
      return { action: message.kind === 'agent.offline' ? 'trigger' : 'resolve', key: `agent-${data.agent?.id}`, urgency };
    case 'monitor.degraded':
    case 'monitor.recovered':
      return { action: message.kind === 'monitor.degraded' ? 'trigger' : 'resolve', key: `degraded-${data.monitor?.id}`, urgency };
    case 'certificate.expiring':
      return { action: 'trigger', key: `certificate-${data.certificate?.fingerprint}`, urgency };
    case 'domain.expiring':
      return { action: 'trigger', key: `domain-${data.domain?.name}`, urgency };
    default:
      return { action: 'trigger', key: `${message.kind}-${data.monitor?.id ?? message.eventId}`, urgency };
  }
}

/** Two steps (open, then close) when testing; the first failure is the attempt's result. */
async function withTest(message: Message, send: (alert: Alert) => Promise<AttemptResult>): Promise<AttemptResult> {
  if (message.kind !== 'test') return send(alertOf(message));
  const key = `test-${message.eventId}`;
  const opened = await send({ action: 'trigger', key, urgency: 'info' });
  return opened.ok ? send({ action: 'resolve', key, urgency: 'info' }) : opened;
}

const fieldsObject = (message: Message) => Object.fromEntries(message.fields.map((f) => [f.label, f.value]));

/** PagerDuty Events API v2: trigger, acknowledge and resolve by dedup_key. */
export async function pagerduty(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const url = `https://${ctx.settings.region === 'eu' ? 'events.eu.pagerduty.com' : 'events.pagerduty.com'}/v2/enqueue`;
  const data = message.body.data as EventData;
  return withTest(message, (alert) => {
    const base = { routing_key: ctx.secrets.routingKey, event_action: alert.action, dedup_key: alert.key };
    const body =
      alert.action !== 'trigger'
        ? base
        : {
            ...base,
            payload: {
              summary: `${message.title}: ${message.summary}`.slice(0, 1024),
              source: (data.monitor?.target ?? data.agent?.name ?? 'Watchpost').slice(0, 255),
              severity: alert.urgency,
              timestamp: message.occurredAt,
              ...(data.monitor ? { component: data.monitor.name } : {}),
              ...(data.agent ? { group: data.agent.name } : {}),
              class: message.kind,
              custom_details: { ...fieldsObject(message), 'Watchpost event': message.eventId },
            },
            client: 'Watchpost',
            ...(message.link ? { client_url: message.link, links: [{ href: message.link, text: 'Open in Watchpost' }] } : {}),
          };
    return post(url, JSON.stringify(body), { dispatcher: ctx.dispatcher });
  });
}

const OPSGENIE_PRIORITY: Record<Urgency, string> = { critical: 'P1', warning: 'P3', info: 'P5' };

/** Opsgenie Alert API: create, acknowledge and close by alias. */
export async function opsgenie(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const base = `https://${ctx.settings.region === 'eu' ? 'api.eu.opsgenie.com' : 'api.opsgenie.com'}/v2/alerts`;
  const data = message.body.data as EventData;
  const headers = { authorization: `GenieKey ${ctx.secrets.apiKey}` };
  return withTest(message, (alert) => {
    if (alert.action === 'trigger') {
      const body = {
        message: message.title.slice(0, 130),
        alias: alert.key,
        description: plainText(message).slice(0, 15_000),
        priority: OPSGENIE_PRIORITY[alert.urgency],
        source: 'Watchpost',
        tags: ['watchpost', message.kind],
        ...(data.monitor ? { entity: data.monitor.name.slice(0, 512) } : {}),
        details: { ...fieldsObject(message), ...(message.link ? { Link: message.link } : {}), 'Watchpost event': message.eventId },
      };
      return post(base, JSON.stringify(body), { dispatcher: ctx.dispatcher, headers });
    }
    const action = alert.action === 'acknowledge' ? 'acknowledge' : 'close';
    const user = alert.action === 'acknowledge' ? data.incident?.acknowledgedBy : data.incident?.resolvedBy;
    const body = { source: 'Watchpost', ...(user ? { user } : {}), note: message.summary.slice(0, 25_000) };
    return post(`${base}/${encodeURIComponent(alert.key)}/${action}?identifierType=alias`, JSON.stringify(body), { dispatcher: ctx.dispatcher, headers });
  });
}

import 'server-only';
import type { Message } from '../render';
import { escapeHtml, markdown } from './format';
import { post } from './http';
import type { AttemptResult, SendContext } from './types';

// Phone push services.

const PUSHOVER = 'https://api.pushover.net/1';
/** Emergency messages repeat every minute for an hour unless acknowledged. */
const EMERGENCY = { retry: 60, expire: 3600 };

/** The tag of an incident's emergency messages, to cancel their repeats when it is acknowledged or resolved. */
const incidentTag = (incidentId: string) => `watchpost-${incidentId}`;

function pushoverPriority(message: Message, emergency: boolean): number {
  if (message.kind === 'incident.opened' || message.kind === 'incident.escalated' || message.kind === 'incident.reminder') return emergency ? 2 : 1;
  return { down: 1, warning: 0, up: 0, info: -1 }[message.severity];
}

/**
 * Pushover Messages API. With emergency on, an incident's message repeats until someone
 * acknowledges it in Pushover; acknowledging or resolving it in Watchpost cancels the
 * repeats (receipts cancel_by_tag), then says so.
 */
export async function pushover(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const emergency = ctx.settings.priority === 'emergency';
  if (emergency && message.incidentId && (message.kind === 'incident.acknowledged' || message.kind === 'incident.resolved')) {
    const cancelled = await post(`${PUSHOVER}/receipts/cancel_by_tag/${encodeURIComponent(incidentTag(message.incidentId))}.json`, JSON.stringify({ token: ctx.secrets.token }), {
      dispatcher: ctx.dispatcher,
    });
    if (!cancelled.ok) return cancelled;
  }
  const priority = pushoverPriority(message, emergency);
  const text = [escapeHtml(message.summary), ...message.fields.map((f) => `<b>${escapeHtml(f.label)}:</b> ${escapeHtml(f.value)}`)].join('\n');
  const body = {
    token: ctx.secrets.token,
    user: ctx.secrets.userKey,
    title: message.title.slice(0, 250),
    message: text.slice(0, 1024),
    html: 1,
    priority,
    timestamp: Math.floor(Date.parse(message.occurredAt) / 1000),
    ...(message.link ? { url: message.link.slice(0, 512), url_title: 'Open in Watchpost' } : {}),
    ...(priority === 2 ? { ...EMERGENCY, tags: incidentTag(message.incidentId!) } : {}),
  };
  return post(`${PUSHOVER}/messages.json`, JSON.stringify(body), { dispatcher: ctx.dispatcher });
}

const GOTIFY_PRIORITY = { down: 8, warning: 5, up: 4, info: 2 } as const;

/** Gotify: POST /message with the application token; Markdown body, a click-through link. */
export async function gotify(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const body = {
    title: message.title,
    message: markdown(message, { title: false }),
    priority: GOTIFY_PRIORITY[message.severity],
    extras: {
      'client::display': { contentType: 'text/markdown' },
      ...(message.link ? { 'client::notification': { click: { url: message.link } } } : {}),
    },
  };
  return post(`${ctx.settings.serverUrl}/message`, JSON.stringify(body), { dispatcher: ctx.dispatcher, headers: { 'x-gotify-key': ctx.secrets.token! } });
}

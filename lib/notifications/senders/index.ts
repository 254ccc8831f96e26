import 'server-only';
import { Webhook } from 'standardwebhooks';
import type { ChannelKind } from '@/db/schema/notifications';
import { getEnv } from '@/lib/env';
import { type OutgoingMail, sendMail } from '@/lib/mail/send';
import type { Message } from '../render';
import { COLOUR, EMOJI, escapeHtml, plainText } from './format';
import { googlechat, matrix, mattermost, msteams } from './chat';
import { opsgenie, pagerduty } from './paging';
import { gotify, pushover } from './push';
import { post } from './http';
import type { AttemptResult, SendContext } from './types';

export type { SendContext };

// One message, laid out the way each service documents it, sent once. The worker
// decides what a result means for retries.


/** Slack mrkdwn: only &, < and > are special. */
const escapeSlack = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Standard Webhooks: webhook-id (the event id: the same on every retry), webhook-timestamp, webhook-signature. */
async function webhook(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const body = JSON.stringify(message.body);
  const timestamp = new Date();
  const signature = new Webhook(ctx.secrets.signingSecret!).sign(message.eventId, timestamp, body);
  return post(ctx.secrets.url!, body, {
    dispatcher: ctx.dispatcher,
    headers: {
      ...ctx.secrets.headers,
      'webhook-id': message.eventId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
  });
}

/** Slack incoming webhook with Block Kit (text is the notification fallback). */
async function slack(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `${EMOJI[message.severity]} ${message.title}`.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(message.summary) } },
  ];
  if (message.fields.length) {
    blocks.push({ type: 'section', fields: message.fields.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${escapeSlack(f.label)}*\n${escapeSlack(f.value).slice(0, 1900)}` })) });
  }
  if (message.link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Watchpost' }, url: message.link }] });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Watchpost · event ${message.eventId}` }] });
  return post(ctx.secrets.url!, JSON.stringify({ text: `${EMOJI[message.severity]} ${message.title}: ${message.summary}`, blocks }), { dispatcher: ctx.dispatcher });
}

/** Discord webhook with one embed. */
async function discord(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const embed = {
    title: `${EMOJI[message.severity]} ${message.title}`.slice(0, 256),
    description: message.summary.slice(0, 4000),
    ...(message.link ? { url: message.link } : {}),
    color: COLOUR[message.severity],
    fields: message.fields.slice(0, 25).map((f) => ({ name: f.label.slice(0, 256), value: f.value.slice(0, 1024) || '–', inline: f.label !== 'Last error' })),
    timestamp: message.occurredAt,
    footer: { text: `Watchpost · event ${message.eventId}` },
  };
  return post(ctx.secrets.url!, JSON.stringify({ username: 'Watchpost', embeds: [embed], allowed_mentions: { parse: [] } }), { dispatcher: ctx.dispatcher });
}

/** Telegram Bot API sendMessage, HTML formatted. */
async function telegram(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const text = [
    `${EMOJI[message.severity]} <b>${escapeHtml(message.title)}</b>`,
    escapeHtml(message.summary),
    '',
    ...message.fields.map((f) => `<b>${escapeHtml(f.label)}:</b> ${escapeHtml(f.value)}`),
    ...(message.link ? ['', `<a href="${escapeHtml(message.link)}">Open in Watchpost</a>`] : []),
  ].join('\n');
  const url = `${getEnv().WATCHPOST_TELEGRAM_API_URL}/bot${ctx.secrets.botToken}/sendMessage`;
  const result = await post(url, JSON.stringify({ chat_id: ctx.settings.chatId, text: text.slice(0, 4096), parse_mode: 'HTML', link_preview_options: { is_disabled: true } }), {
    dispatcher: ctx.dispatcher,
  });
  // The token is part of the URL: never let it into an error or reply that is stored.
  const scrub = (value?: string) => value?.replaceAll(ctx.secrets.botToken!, '<token>');
  return { ...result, error: scrub(result.error), reply: scrub(result.reply) };
}

/** ntfy: the text as the body, title, priority (high for down), tags and the link in headers. */
async function ntfy(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const priority = message.severity === 'down' ? 'high' : message.severity === 'warning' ? 'default' : 'low';
  const tags = { down: 'rotating_light', up: 'white_check_mark', warning: 'warning', info: 'information_source' }[message.severity];
  // Header values must be Latin-1; ntfy reads RFC 2047 encoded words for the rest.
  const encoded = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`);
  return post(`${ctx.settings.serverUrl}/${ctx.settings.topic}`, [message.summary, '', ...message.fields.map((f) => `${f.label}: ${f.value}`)].join('\n'), {
    dispatcher: ctx.dispatcher,
    contentType: 'text/plain; charset=utf-8',
    headers: {
      Title: encoded(message.title),
      Priority: priority,
      Tags: tags,
      ...(message.link ? { Click: message.link } : {}),
      ...(ctx.secrets.token ? { Authorization: `Bearer ${ctx.secrets.token}` } : {}),
    },
  });
}

/** E-mail: every message about one incident threads under the incident's message id. */
async function email(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const thread = message.incidentId ? `<incident-${message.incidentId}@watchpost>` : undefined;
  const opens = message.kind === 'incident.opened';
  const to = ctx.recipients ?? ctx.settings.addresses ?? [];
  if (to.length === 0) return { ok: false, retryable: false, error: 'No one to mail: the channel targets team members, and none has that role now.' };
  return mailAttempt({
    to: to.join(', '),
    subject: `${EMOJI[message.severity]} ${message.title}`,
    text: plainText(message),
    messageId: opens && thread ? thread : `<event-${message.eventId}@watchpost>`,
    ...(thread && !opens ? { inReplyTo: thread, references: thread } : {}),
    headers: { 'X-Watchpost-Event-Id': message.eventId, ...(message.incidentId ? { 'X-Watchpost-Incident-Id': message.incidentId } : {}) },
  });
}

/** One mail sent, as an attempt: a 5xx from the server is a refusal (bad address, relay denied); the rest may pass later. */
export async function mailAttempt(mail: OutgoingMail): Promise<AttemptResult> {
  try {
    const info = await sendMail(mail);
    return { ok: true, statusCode: Number(info.response.slice(0, 3)) || undefined, reply: info.response.slice(0, 500) };
  } catch (error) {
    const { responseCode, response, code, message: text } = error as { responseCode?: number; response?: string; code?: string; message: string };
    const permanent = (responseCode ?? 0) >= 500 || code === 'EENVELOPE' || text.includes('WATCHPOST_SMTP_URL is not set');
    return { ok: false, retryable: !permanent, statusCode: responseCode, reply: response?.slice(0, 500), error: (response ?? text).slice(0, 1000) };
  }
}

export const SENDERS: Record<ChannelKind, (message: Message, ctx: SendContext) => Promise<AttemptResult>> = {
  email,
  webhook,
  slack,
  discord,
  telegram,
  ntfy,
  pagerduty,
  opsgenie,
  msteams,
  pushover,
  gotify,
  matrix,
  googlechat,
  mattermost,
};

import 'server-only';
import type { Message } from '../render';
import { EMOJI, escapeHtml, hexColour, markdown } from './format';
import { post } from './http';
import type { AttemptResult, SendContext } from './types';

// Chat services: the title and summary first, so the phone's notification preview says
// which monitor and what happened; the fields and a link to Watchpost below.

const TEAMS_COLOUR = { down: 'Attention', up: 'Good', warning: 'Warning', info: 'Accent' } as const;

/** Microsoft Teams through a Workflows webhook: one Adaptive Card (1.4) as the message's attachment. */
export async function msteams(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    fallbackText: `${EMOJI[message.severity]} ${message.title}: ${message.summary}`,
    body: [
      { type: 'TextBlock', text: `${EMOJI[message.severity]} ${message.title}`, weight: 'Bolder', size: 'Medium', color: TEAMS_COLOUR[message.severity], wrap: true },
      { type: 'TextBlock', text: message.summary, wrap: true },
      ...(message.fields.length ? [{ type: 'FactSet', facts: message.fields.map((f) => ({ title: f.label, value: f.value.slice(0, 1000) })) }] : []),
      { type: 'TextBlock', text: `Watchpost · event ${message.eventId}`, size: 'Small', isSubtle: true, wrap: true },
    ],
    ...(message.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Watchpost', url: message.link }] } : {}),
    msteams: { width: 'Full' },
  };
  const body = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
  return post(ctx.secrets.url!, JSON.stringify(body), { dispatcher: ctx.dispatcher });
}

/** Google Chat incoming webhook: text for the notification, a card (cardsV2), one thread per incident. */
export async function googlechat(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const url = new URL(ctx.secrets.url!);
  if (message.incidentId) url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
  const widgets: unknown[] = message.fields.map((f) => ({ decoratedText: { topLabel: f.label, text: escapeHtml(f.value.slice(0, 1000)), wrapText: true } }));
  if (message.link) widgets.push({ buttonList: { buttons: [{ text: 'Open in Watchpost', onClick: { openLink: { url: message.link } } }] } });
  const body = {
    text: `${EMOJI[message.severity]} *${message.title}*\n${message.summary}`,
    cardsV2: [
      {
        cardId: `watchpost-${message.eventId}`,
        card: {
          header: { title: `${EMOJI[message.severity]} ${message.title}`.slice(0, 200), subtitle: `Watchpost · ${message.kind}` },
          sections: [{ widgets: [{ textParagraph: { text: escapeHtml(message.summary) } }, ...widgets] }],
        },
      },
    ],
    ...(message.incidentId ? { thread: { threadKey: `watchpost-incident-${message.incidentId}` } } : {}),
  };
  return post(url.toString(), JSON.stringify(body), { dispatcher: ctx.dispatcher });
}

/** Mattermost incoming webhook: the title as text, the rest as a coloured attachment. */
export async function mattermost(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const body = {
    username: 'Watchpost',
    text: `${EMOJI[message.severity]} **${message.title}**`,
    attachments: [
      {
        fallback: `${message.title}: ${message.summary}`,
        color: hexColour(message.severity),
        title: message.title,
        ...(message.link ? { title_link: message.link } : {}),
        text: message.summary,
        fields: message.fields.map((f) => ({ short: f.value.length <= 40, title: f.label, value: f.value.slice(0, 1000) })),
        footer: `Watchpost · event ${message.eventId}`,
      },
    ],
  };
  return post(ctx.secrets.url!, JSON.stringify(body), { dispatcher: ctx.dispatcher });
}

/**
 * Matrix client-server API: PUT /rooms/{room}/send/m.room.message/{txnId}. The transaction
 * id is the channel's and the event's, the same on every retry, so the homeserver keeps one
 * message however often it is sent.
 */
export async function matrix(message: Message, ctx: SendContext): Promise<AttemptResult> {
  const txnId = `watchpost-${ctx.channelId ?? 'channel'}-${message.eventId}`;
  const url = `${ctx.settings.serverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(ctx.settings.roomId!)}/send/m.room.message/${encodeURIComponent(txnId)}`;
  const html = [
    `<p><strong>${EMOJI[message.severity]} ${escapeHtml(message.title)}</strong></p>`,
    `<p>${escapeHtml(message.summary)}</p>`,
    ...(message.fields.length ? [`<ul>${message.fields.map((f) => `<li><strong>${escapeHtml(f.label)}:</strong> ${escapeHtml(f.value)}</li>`).join('')}</ul>`] : []),
    ...(message.link ? [`<p><a href="${escapeHtml(message.link)}">Open in Watchpost</a></p>`] : []),
  ].join('');
  const body = { msgtype: 'm.text', body: `${EMOJI[message.severity]} ${message.title}\n${markdown(message, { title: false })}`, format: 'org.matrix.custom.html', formatted_body: html };
  return post(url, JSON.stringify(body), { method: 'PUT', dispatcher: ctx.dispatcher, headers: { authorization: `Bearer ${ctx.secrets.token}` } });
}

import type { Message, Severity } from '../render';

// What every sender's layout shares: the mark and colour of a severity, escaping, and the
// message as plain text.

export const EMOJI: Record<Severity, string> = { down: '🔴', up: '✅', warning: '🟠', info: 'ℹ️' };
export const COLOUR: Record<Severity, number> = { down: 0xdc2626, up: 0x059669, warning: 0xd97706, info: 0x2563eb };
export const hexColour = (severity: Severity) => `#${COLOUR[severity].toString(16).padStart(6, '0')}`;

export const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function plainText(message: Message): string {
  return [
    message.summary,
    '',
    ...message.fields.map((f) => `${f.label}: ${f.value}`),
    ...(message.link ? ['', message.link] : []),
    '',
    `Event ${message.eventId}${message.incidentId ? ` · incident ${message.incidentId}` : ''}`,
  ].join('\n');
}

/** The message as Markdown (Mattermost, Gotify): a bold title, the summary, the fields, the link. */
export function markdown(message: Message, { title = true } = {}): string {
  const md = (text: string) => text.replace(/([\\`*_[\]<>|])/g, '\\$1');
  return [
    ...(title ? [`**${EMOJI[message.severity]} ${md(message.title)}**`, ''] : []),
    md(message.summary),
    '',
    ...message.fields.map((f) => `**${md(f.label)}:** ${md(f.value)}`),
    ...(message.link ? ['', `[Open in Watchpost](${message.link})`] : []),
  ].join('\n');
}

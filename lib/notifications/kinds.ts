import { z } from 'zod';
import type { ChannelKind, ChannelSettings, EmailMembers } from '@/db/schema/notifications';
import { EMAIL_MEMBERS } from '@/db/schema/notifications';

export { EMAIL_MEMBERS, type ChannelSettings, type EmailMembers };
import { emailSchema } from '@/lib/auth/email';
import { parseHeaderLines } from '@/lib/header-lines';

export { CHANNEL_KIND_CHOICES, KIND_LABELS } from './kind-labels';

// What each kind of channel needs, as typed into the form: what may be shown again
// (`settings`) and what is encrypted and never sent back (`secrets`). On an edit, a blank
// secret field keeps the saved one.

export interface ChannelSecrets {
  url?: string;
  headers?: Record<string, string>;
  /** webhook: whsec_… (Standard Webhooks) */
  signingSecret?: string;
  botToken?: string;
  token?: string;
}

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const SLACK_URL = /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/;
const DISCORD_URL = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,25}\/[A-Za-z0-9_-]{20,100}$/;
const TELEGRAM_TOKEN = /^\d{5,16}:[A-Za-z0-9_-]{30,64}$/;
const TELEGRAM_CHAT = /^(?:-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
const NTFY_TOPIC = /^[A-Za-z0-9_-]{1,64}$/;

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? url : null;
  } catch {
    return null;
  }
}

export type Problems = Record<string, string>;

export interface ParsedChannel {
  settings: ChannelSettings;
  /** the secrets typed now; a field left blank on an edit is absent (keep the saved one) */
  secrets: ChannelSecrets;
}

/**
 * The kind-specific fields of the channel form. `editing`: secrets may be left blank to
 * keep what is saved. Returns the parsed channel, or a problem per field.
 */
export function parseKindFields(kind: ChannelKind, form: Record<string, unknown>, editing: boolean): ParsedChannel | { problems: Problems } {
  const problems: Problems = {};
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const needed = (name: string, message: string) => {
    const value = field(name);
    if (!value && !editing) problems[name] = message;
    return value;
  };
  const settings: ChannelSettings = {};
  const secrets: ChannelSecrets = {};

  if (kind === 'email') {
    const members = field('members');
    if (members && !EMAIL_MEMBERS.includes(members as EmailMembers)) problems.members = 'Choose which members get the mail.';
    else if (members) settings.members = members as EmailMembers;
    const addresses = field('addresses')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const parsed = addresses.map((address) => emailSchema.safeParse(address));
    const bad = parsed.findIndex((result) => !result.success);
    if (addresses.length === 0 && !members) problems.addresses = 'Enter at least one e-mail address, or send to the team’s members.';
    else if (bad >= 0) problems.addresses = `“${addresses[bad]}” is not an e-mail address.`;
    else if (addresses.length > 10) problems.addresses = 'At most 10 addresses per channel.';
    else if (addresses.length > 0) settings.addresses = [...new Set(parsed.map((result) => result.data!))];
  } else if (kind === 'webhook') {
    const url = needed('url', 'Enter the URL to POST to.');
    if (url) {
      const parsed = httpUrl(url);
      if (!parsed || url.length > 2000) problems.url = 'Enter an http:// or https:// URL.';
      else {
        secrets.url = url;
        settings.host = parsed.host;
      }
    }
    const headers = parseHeaderLines(field('headers'), { max: 20, reserved: { names: /^(content-type|content-length|host|webhook-(id|timestamp|signature))$/i, by: 'Watchpost' } });
    if (typeof headers === 'string') problems.headers = headers;
    else if (field('headers') || !editing) {
      secrets.headers = headers;
      settings.headerNames = Object.keys(headers);
    }
  } else if (kind === 'slack') {
    const url = needed('url', 'Paste the Slack incoming webhook URL.');
    if (url && !SLACK_URL.test(url)) problems.url = 'That is not a Slack incoming webhook URL: it looks like https://hooks.slack.com/services/T…/B…/….';
    else if (url) secrets.url = url;
  } else if (kind === 'discord') {
    const url = needed('url', 'Paste the Discord webhook URL.');
    if (url && !DISCORD_URL.test(url)) problems.url = 'That is not a Discord webhook URL: it looks like https://discord.com/api/webhooks/123…/abc….';
    else if (url) secrets.url = url;
  } else if (kind === 'telegram') {
    const token = needed('botToken', 'Enter the bot token from @BotFather.');
    if (token && !TELEGRAM_TOKEN.test(token)) problems.botToken = 'A bot token looks like 123456789:AAE… (digits, a colon, then 30 or more letters, digits, - and _).';
    else if (token) secrets.botToken = token;
    const chatId = field('chatId');
    if (!TELEGRAM_CHAT.test(chatId)) problems.chatId = 'Enter the chat id (a number, negative for groups) or a channel’s @name.';
    else settings.chatId = chatId;
  } else {
    const serverUrl = field('serverUrl') || 'https://ntfy.sh';
    const parsed = httpUrl(serverUrl);
    if (!parsed || parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search) problems.serverUrl = 'Enter the ntfy server’s address, like https://ntfy.sh.';
    else {
      settings.serverUrl = parsed.origin;
      settings.host = parsed.host;
    }
    const topic = field('topic');
    if (!NTFY_TOPIC.test(topic)) problems.topic = 'A topic is 1 to 64 letters, digits, - and _.';
    else settings.topic = topic;
    const token = field('token');
    if (token.length > 200) problems.token = 'That token is too long.';
    else if (token) secrets.token = token;
  }
  return Object.keys(problems).length ? { problems } : { settings, secrets };
}

/** The fields every channel has, as posted. Monitors are checkboxes named `monitor:<id>`. */
export const channelCommonSchema = z.object({
  /** monitor.degraded / monitor.recovered, and monitor.partial: checkboxes. */
  degradedEvents: z.preprocess((value) => value === 'on' || value === 'true', z.boolean()),
  partialEvents: z.preprocess((value) => value === 'on' || value === 'true', z.boolean()),
  name: z.string({ error: 'Give the channel a name.' }).trim().min(1, 'Give the channel a name.').max(100, 'At most 100 characters.'),
  allMonitors: z.preprocess((value) => value === 'on' || value === 'true', z.boolean()),
  reminderMinutes: z.preprocess(
    blank,
    z.coerce
      .number({ error: 'Remind every 5 to 10,080 minutes, or leave it empty.' })
      .int('Remind every 5 to 10,080 minutes, or leave it empty.')
      .min(5, 'Remind every 5 to 10,080 minutes, or leave it empty.')
      .max(10_080, 'Remind every 5 to 10,080 minutes, or leave it empty.')
      .optional(),
  ),
});

/** Where a channel's messages go, as far as it may be shown (no secret part). */
export function destination(channel: { kind: string; settings: ChannelSettings }): string {
  const s = channel.settings;
  switch (channel.kind as ChannelKind) {
    case 'email':
      return [s.members === 'all' ? 'every member of the team' : s.members === 'responders' ? 'the team’s responders and up' : null, ...(s.addresses ?? [])].filter(Boolean).join(', ');
    case 'telegram':
      return `chat ${s.chatId ?? ''}`;
    case 'ntfy':
      return `${s.host ?? ''}/${s.topic ?? ''}`;
    case 'webhook':
      return s.host ?? '';
    default:
      return 'incoming webhook';
  }
}

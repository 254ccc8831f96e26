import { z } from 'zod';
import type { ChannelKind, ChannelSettings, EmailMembers } from '@/db/schema/notifications';
import { EMAIL_MEMBERS } from '@/db/schema/notifications';

export { EMAIL_MEMBERS, type ChannelSettings, type EmailMembers };
import { emailSchema } from '@/lib/auth/email';
import { parseHeaderLines } from '@/lib/header-lines';

import { KIND_FORMS } from './kind-forms';

export { CHANNEL_KIND_CHOICES, KIND_LABELS } from './kind-forms';

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
  /** pagerduty: the Events API v2 integration key */
  routingKey?: string;
  /** opsgenie: the API integration's key */
  apiKey?: string;
  /** pushover: the user or group key */
  userKey?: string;
}

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const SLACK_URL = /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/;
const DISCORD_URL = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,25}\/[A-Za-z0-9_-]{20,100}$/;
const TELEGRAM_TOKEN = /^\d{5,16}:[A-Za-z0-9_-]{30,64}$/;
const TELEGRAM_CHAT = /^(?:-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
const NTFY_TOPIC = /^[A-Za-z0-9_-]{1,64}$/;
const PAGERDUTY_KEY = /^[A-Za-z0-9]{32}$/;
const OPSGENIE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PUSHOVER_KEY = /^[A-Za-z0-9]{30}$/;
const GOTIFY_TOKEN = /^[A-Za-z0-9._-]{10,64}$/;
const MATRIX_ROOM = /^![A-Za-z0-9._=+\/-]{1,200}:[A-Za-z0-9.-]{1,200}(?::\d{1,5})?$/;
const MATRIX_TOKEN = /^[A-Za-z0-9._~+\/=-]{10,500}$/;
/** Power Automate "Workflows" webhooks: Logic Apps hosts, and the newer Power Platform ones. */
const TEAMS_WORKFLOW_HOST = /(?:^|\.)(?:logic\.azure\.com|api\.powerplatform\.com)$/i;
const GOOGLE_CHAT_URL = /^https:\/\/chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]+\/messages\?(?=.*\bkey=[^&]+)(?=.*\btoken=[^&]+).*$/;
const MATTERMOST_PATH = /^\/(?:[^?#]*\/)?hooks\/[a-z0-9]{26}$/;

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

/** What a kind's parser is given: the posted fields, and where to put what it finds. */
interface Reader {
  /** a posted field, trimmed ('' when absent) */
  field(name: string): string;
  /** a field that must be filled in, unless editing (then blank keeps the saved secret) */
  needed(name: string, message: string): string;
  problems: Problems;
  settings: ChannelSettings;
  secrets: ChannelSecrets;
  editing: boolean;
}

/** A secret field checked against a pattern. */
function secretMatching(r: Reader, name: keyof ChannelSecrets & string, missing: string, pattern: RegExp, wrong: string) {
  const value = r.needed(name, missing);
  if (value && !pattern.test(value)) r.problems[name] = wrong;
  else if (value) (r.secrets as Record<string, string>)[name] = value;
}

/** A server's address (no path), kept with its host for the private-network check. */
function serverAddress(r: Reader, value: string, wrong: string) {
  const parsed = httpUrl(value);
  if (!parsed || parsed.search || value.length > 500) r.problems.serverUrl = wrong;
  else {
    r.settings.serverUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
    r.settings.host = parsed.host;
  }
}

function region(r: Reader) {
  const value = r.field('region') || 'us';
  if (value !== 'us' && value !== 'eu') r.problems.region = 'Choose US or EU.';
  else r.settings.region = value;
}

const PARSERS: Record<ChannelKind, (r: Reader) => void> = {
  email(r) {
    const members = r.field('members');
    if (members && !EMAIL_MEMBERS.includes(members as EmailMembers)) r.problems.members = 'Choose which members get the mail.';
    else if (members) r.settings.members = members as EmailMembers;
    const addresses = r
      .field('addresses')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const parsed = addresses.map((address) => emailSchema.safeParse(address));
    const bad = parsed.findIndex((result) => !result.success);
    if (addresses.length === 0 && !members) r.problems.addresses = 'Enter at least one e-mail address, or send to the team’s members.';
    else if (bad >= 0) r.problems.addresses = `“${addresses[bad]}” is not an e-mail address.`;
    else if (addresses.length > 10) r.problems.addresses = 'At most 10 addresses per channel.';
    else if (addresses.length > 0) r.settings.addresses = [...new Set(parsed.map((result) => result.data!))];
  },
  webhook(r) {
    const url = r.needed('url', 'Enter the URL to POST to.');
    if (url) {
      const parsed = httpUrl(url);
      if (!parsed || url.length > 2000) r.problems.url = 'Enter an http:// or https:// URL.';
      else {
        r.secrets.url = url;
        r.settings.host = parsed.host;
      }
    }
    const headers = parseHeaderLines(r.field('headers'), { max: 20, reserved: { names: /^(content-type|content-length|host|webhook-(id|timestamp|signature))$/i, by: 'Watchpost' } });
    if (typeof headers === 'string') r.problems.headers = headers;
    else if (r.field('headers') || !r.editing) {
      r.secrets.headers = headers;
      r.settings.headerNames = Object.keys(headers);
    }
  },
  slack(r) {
    secretMatching(r, 'url', 'Paste the Slack incoming webhook URL.', SLACK_URL, 'That is not a Slack incoming webhook URL: it looks like https://hooks.slack.com/services/T…/B…/….');
  },
  discord(r) {
    secretMatching(r, 'url', 'Paste the Discord webhook URL.', DISCORD_URL, 'That is not a Discord webhook URL: it looks like https://discord.com/api/webhooks/123…/abc….');
  },
  telegram(r) {
    secretMatching(r, 'botToken', 'Enter the bot token from @BotFather.', TELEGRAM_TOKEN, 'A bot token looks like 123456789:AAE… (digits, a colon, then 30 or more letters, digits, - and _).');
    const chatId = r.field('chatId');
    if (!TELEGRAM_CHAT.test(chatId)) r.problems.chatId = 'Enter the chat id (a number, negative for groups) or a channel’s @name.';
    else r.settings.chatId = chatId;
  },
  ntfy(r) {
    const serverUrl = r.field('serverUrl') || 'https://ntfy.sh';
    const parsed = httpUrl(serverUrl);
    if (!parsed || parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search) r.problems.serverUrl = 'Enter the ntfy server’s address, like https://ntfy.sh.';
    else {
      r.settings.serverUrl = parsed.origin;
      r.settings.host = parsed.host;
    }
    const topic = r.field('topic');
    if (!NTFY_TOPIC.test(topic)) r.problems.topic = 'A topic is 1 to 64 letters, digits, - and _.';
    else r.settings.topic = topic;
    const token = r.field('token');
    if (token.length > 200) r.problems.token = 'That token is too long.';
    else if (token) r.secrets.token = token;
  },
  pagerduty(r) {
    secretMatching(r, 'routingKey', 'Paste the integration key of an Events API v2 integration.', PAGERDUTY_KEY, 'An Events API v2 integration key is 32 letters and digits (Service → Integrations → Events API v2 → Integration Key).');
    region(r);
  },
  opsgenie(r) {
    secretMatching(r, 'apiKey', 'Paste the API key of an Opsgenie API integration.', OPSGENIE_KEY, 'An Opsgenie API key looks like a UUID: 8-4-4-4-12 hexadecimal digits.');
    region(r);
  },
  msteams(r) {
    const url = r.needed('url', 'Paste the URL of the Teams workflow.');
    if (!url) return;
    const parsed = httpUrl(url);
    if (parsed && /(?:^|\.)webhook\.office\.com$/i.test(parsed.hostname))
      r.problems.url = 'That is an Office 365 connector URL, which Microsoft retired: in the Teams channel choose ⋯ → Workflows → “Post to a channel when a webhook request is received” and paste its URL.';
    else if (!parsed || parsed.protocol !== 'https:' || !TEAMS_WORKFLOW_HOST.test(parsed.hostname) || !parsed.pathname.includes('/workflows/') || url.length > 2000)
      r.problems.url = 'That is not a Teams workflow URL: it looks like https://….logic.azure.com:443/workflows/…/triggers/manual/paths/invoke?… (or a ….api.powerplatform.com address).';
    else r.secrets.url = url;
  },
  pushover(r) {
    secretMatching(r, 'userKey', 'Enter your user key (or a delivery group’s key).', PUSHOVER_KEY, 'A Pushover user or group key is 30 letters and digits.');
    secretMatching(r, 'token', 'Enter the application’s API token.', PUSHOVER_KEY, 'A Pushover application token is 30 letters and digits.');
    const priority = r.field('priority') || 'high';
    if (priority !== 'high' && priority !== 'emergency') r.problems.priority = 'Choose high or emergency.';
    else r.settings.priority = priority;
  },
  gotify(r) {
    serverAddress(r, r.field('serverUrl'), 'Enter the Gotify server’s address, like https://gotify.example.com.');
    secretMatching(r, 'token', 'Enter the application’s token.', GOTIFY_TOKEN, 'A Gotify application token is 10 to 64 letters, digits, ., - and _.');
  },
  matrix(r) {
    serverAddress(r, r.field('serverUrl'), 'Enter the homeserver’s address, like https://matrix.example.org.');
    const roomId = r.field('roomId');
    if (!MATRIX_ROOM.test(roomId)) r.problems.roomId = 'Enter the room id, like !abcdefg:example.org (room settings → Advanced; not the #alias).';
    else r.settings.roomId = roomId;
    secretMatching(r, 'token', 'Enter the access token of the account that posts.', MATRIX_TOKEN, 'That is not an access token: 10 to 500 letters, digits and ._~+/=-.');
  },
  googlechat(r) {
    secretMatching(r, 'url', 'Paste the Google Chat webhook URL.', GOOGLE_CHAT_URL, 'That is not a Google Chat webhook URL: it looks like https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=….');
  },
  mattermost(r) {
    const url = r.needed('url', 'Paste the Mattermost incoming webhook URL.');
    if (!url) return;
    const parsed = httpUrl(url);
    if (!parsed || parsed.search || !MATTERMOST_PATH.test(parsed.pathname) || url.length > 2000)
      r.problems.url = 'That is not a Mattermost incoming webhook URL: it looks like https://mattermost.example.com/hooks/ followed by 26 letters and digits.';
    else {
      r.secrets.url = url;
      r.settings.host = parsed.host;
    }
  },
};

/**
 * The kind-specific fields of the channel form. `editing`: secrets may be left blank to
 * keep what is saved. Returns the parsed channel, or a problem per field.
 */
export function parseKindFields(kind: ChannelKind, form: Record<string, unknown>, editing: boolean): ParsedChannel | { problems: Problems } {
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const reader: Reader = {
    field,
    needed(name, message) {
      const value = field(name);
      if (!value && !editing) reader.problems[name] = message;
      return value;
    },
    problems: {},
    settings: {},
    secrets: {},
    editing,
  };
  PARSERS[kind](reader);
  return Object.keys(reader.problems).length ? { problems: reader.problems } : { settings: reader.settings, secrets: reader.secrets };
}

/** The fields every channel has, as posted. Monitors, components and events are checkboxes: `monitor:<id>`, `component:<id>`, `event:<kind>`. */
export const channelCommonSchema = z.object({
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
  return KIND_FORMS[channel.kind as ChannelKind].destination(channel.settings);
}

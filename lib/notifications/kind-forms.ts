import type { ChannelKind, ChannelSettings, NotificationEventKind } from '@/db/schema/notifications';

// Each kind of channel as the form, the API and watchpost.yaml see it: its label, its
// fields (what may be shown again and what is secret), without zod or the schema module:
// the channel form (a client component) renders from it, and zod in the browser probes
// `new Function`, which the pages' Content-Security-Policy refuses. The rules that check
// the fields are in kinds.ts; how each kind sends is in senders/.

export interface KindField {
  /** the form field and the API property */
  name: string;
  label: string;
  /** sealed with the server key, never shown or returned again (blank on an edit keeps it) */
  secret?: boolean;
  input?: 'text' | 'url' | 'password' | 'textarea' | 'select';
  options?: readonly { value: string; label: string }[];
  placeholder?: string;
  hint?: string;
  /** the value shown when the form opens (not for secrets) */
  initial?: (settings: ChannelSettings) => string;
  /** a secret's hint when one is saved */
  savedHint?: (settings: ChannelSettings) => string;
}

export interface KindForm {
  label: string;
  /** one line under the legend: where to get what the fields ask for */
  help?: string;
  fields: readonly KindField[];
  /** what `settings` the API and watchpost.yaml show */
  shown: readonly (keyof ChannelSettings)[];
  /** secrets the kind keeps that no field sets (a webhook's signing secret) */
  extraSecrets?: readonly string[];
  /** incidents open, are acknowledged and close as one alert in the service, by a key per incident */
  paging?: boolean;
  /** the field holding an address the user chooses (checked against private networks); the others post to the service's own hosts */
  address?: 'url' | 'serverUrl';
  /** where its messages go, as far as it may be shown (no secret part) */
  destination: (settings: ChannelSettings) => string;
}

/** What a channel can choose to get, in the form's order (reminders: reminderMinutes; tests always come). */
export const ROUTABLE_EVENTS = [
  { kind: 'incident.opened', label: 'Incident opened (down)' },
  { kind: 'incident.acknowledged', label: 'Incident acknowledged' },
  { kind: 'incident.resolved', label: 'Incident resolved (up again)' },
  { kind: 'agent.offline', label: 'Agent offline' },
  { kind: 'agent.online', label: 'Agent back online' },
  { kind: 'certificate.expiring', label: 'Certificate expiring' },
  { kind: 'domain.expiring', label: 'Domain expiring' },
  { kind: 'monitor.degraded', label: 'Monitor degraded (slower than its limit)' },
  { kind: 'monitor.recovered', label: 'Monitor fast again' },
  { kind: 'monitor.partial', label: 'Some locations failing, fewer than the quorum' },
  { kind: 'maintenance.started', label: 'Maintenance started' },
  { kind: 'maintenance.ended', label: 'Maintenance ended' },
  { kind: 'slo.burning', label: 'SLO error budget burning fast' },
  { kind: 'slo.exhausted', label: 'SLO error budget used up' },
] as const satisfies readonly { kind: NotificationEventKind; label: string }[];
export type RoutableEvent = (typeof ROUTABLE_EVENTS)[number]['kind'];
export const ROUTABLE_EVENT_KINDS: RoutableEvent[] = ROUTABLE_EVENTS.map((event) => event.kind);

/** A new channel's events (also the column's default): all but partial and maintenance, which are opt-in. */
export const DEFAULT_EVENTS: RoutableEvent[] = ROUTABLE_EVENT_KINDS.filter((kind) => kind !== 'monitor.partial' && !kind.startsWith('maintenance.'));

/** Paging services get what opens and closes an alert: no partial or SLO alerts (nothing closes them) and no maintenance notices. */
const PAGING_EVENTS: RoutableEvent[] = ROUTABLE_EVENT_KINDS.filter((kind) => kind !== 'monitor.partial' && !kind.startsWith('maintenance.') && !kind.startsWith('slo.'));

/** The events a kind of channel can get. */
export const eventsOfKind = (kind: ChannelKind): RoutableEvent[] => (KIND_FORMS[kind].paging ? PAGING_EVENTS : ROUTABLE_EVENT_KINDS);

const REGIONS = [
  { value: 'us', label: 'US (default)' },
  { value: 'eu', label: 'EU' },
] as const;

const keepSaved = (what: string) => () => `Saved. Leave empty to keep the saved ${what}.`;

export const KIND_FORMS: Record<ChannelKind, KindForm> = {
  email: {
    label: 'E-mail',
    fields: [
      {
        name: 'members',
        label: 'Team members',
        input: 'select',
        options: [
          { value: '', label: 'None: only the addresses below' },
          { value: 'responders', label: 'Members who can respond (responders and up)' },
          { value: 'all', label: 'All members of the team' },
        ],
        initial: (s) => s.members ?? '',
        hint: 'Their addresses as the team is when a message is sent: people who join or leave are followed.',
      },
      {
        name: 'addresses',
        label: 'E-mail addresses',
        input: 'textarea',
        initial: (s) => s.addresses?.join(', ') ?? '',
        hint: "Separated by commas; may stay empty when team members get the mail. Sent through the server's SMTP (WATCHPOST_SMTP_URL).",
      },
    ],
    shown: ['addresses', 'members'],
    destination: (s) => [s.members === 'all' ? 'every member of the team' : s.members === 'responders' ? 'the team’s responders and up' : null, ...(s.addresses ?? [])].filter(Boolean).join(', '),
  },
  webhook: {
    label: 'Webhook (signed)',
    fields: [
      { name: 'url', label: 'Webhook URL', secret: true, input: 'url', placeholder: 'https://example.com/hooks/watchpost', hint: 'Watchpost POSTs JSON, signed per Standard Webhooks.', savedHint: (s) => `Saved: posts to ${s.host ?? 'the saved URL'}. Leave empty to keep it.` },
      {
        name: 'headers',
        label: 'Extra headers',
        secret: true,
        input: 'textarea',
        placeholder: 'Authorization: Bearer …',
        hint: 'Optional, one per line as Name: value. Stored encrypted.',
        savedHint: (s) => (s.headerNames?.length ? `Saved: ${s.headerNames.join(', ')}. Leave empty to keep them.` : 'Optional, one per line as Name: value. Stored encrypted.'),
      },
    ],
    shown: ['headerNames'],
    address: 'url',
    destination: (s) => s.host ?? '',
    extraSecrets: ['signingSecret'],
  },
  slack: {
    label: 'Slack',
    fields: [{ name: 'url', label: 'Slack webhook URL', secret: true, input: 'url', placeholder: 'https://hooks.slack.com/services/T…/B…/…', hint: 'An incoming webhook of a Slack app.', savedHint: keepSaved('URL') }],
    shown: [],
    destination: () => 'incoming webhook',
  },
  discord: {
    label: 'Discord',
    fields: [{ name: 'url', label: 'Discord webhook URL', secret: true, input: 'url', placeholder: 'https://discord.com/api/webhooks/…', hint: 'Channel settings → Integrations → Webhooks.', savedHint: keepSaved('URL') }],
    shown: [],
    destination: () => 'incoming webhook',
  },
  telegram: {
    label: 'Telegram',
    fields: [
      { name: 'botToken', label: 'Bot token', secret: true, input: 'password', hint: 'From @BotFather, like 123456789:AAE…', savedHint: keepSaved('token') },
      { name: 'chatId', label: 'Chat id', initial: (s) => s.chatId ?? '', hint: "A number (negative for groups) or a channel's @name." },
    ],
    shown: ['chatId'],
    destination: (s) => `chat ${s.chatId ?? ''}`,
  },
  ntfy: {
    label: 'ntfy',
    fields: [
      { name: 'serverUrl', label: 'ntfy server', input: 'url', initial: (s) => s.serverUrl ?? 'https://ntfy.sh' },
      { name: 'topic', label: 'Topic', initial: (s) => s.topic ?? '', hint: 'Letters, digits, - and _.' },
      { name: 'token', label: 'Access token (optional)', secret: true, input: 'password', hint: 'For a protected topic.', savedHint: keepSaved('token') },
    ],
    shown: ['serverUrl', 'topic'],
    address: 'serverUrl',
    destination: (s) => `${s.host ?? ''}/${s.topic ?? ''}`,
  },
  pagerduty: {
    label: 'PagerDuty',
    help: 'A service’s Integrations → Add an integration → Events API v2. Each incident is one PagerDuty alert: triggered, acknowledged and resolved with it.',
    fields: [
      { name: 'routingKey', label: 'Integration key', secret: true, input: 'password', hint: 'The 32-character Integration Key (routing key) of the Events API v2 integration.', savedHint: keepSaved('key') },
      { name: 'region', label: 'Service region', input: 'select', options: REGIONS, initial: (s) => s.region ?? 'us' },
    ],
    shown: ['region'],
    destination: (s) => `${s.region === 'eu' ? 'EU' : 'US'} service`,
    paging: true,
  },
  opsgenie: {
    label: 'Opsgenie',
    help: 'Settings → Integrations → API (or a team’s API integration). Each incident is one Opsgenie alert, by its alias: created, acknowledged and closed with it.',
    fields: [
      { name: 'apiKey', label: 'API key', secret: true, input: 'password', hint: 'The integration’s API key (a UUID), with create and update access.', savedHint: keepSaved('key') },
      { name: 'region', label: 'Instance region', input: 'select', options: REGIONS, initial: (s) => s.region ?? 'us', hint: 'EU for accounts at app.eu.opsgenie.com.' },
    ],
    shown: ['region'],
    destination: (s) => `${s.region === 'eu' ? 'EU' : 'US'} service`,
    paging: true,
  },
  msteams: {
    label: 'Microsoft Teams',
    help: 'In the channel: ⋯ → Workflows → “Post to a channel when a webhook request is received”, then copy its URL. (Office 365 connectors are retired.)',
    fields: [{ name: 'url', label: 'Workflows webhook URL', secret: true, input: 'url', placeholder: 'https://….logic.azure.com:443/workflows/…', savedHint: keepSaved('URL') }],
    shown: [],
    destination: () => 'Teams workflow',
  },
  pushover: {
    label: 'Pushover',
    fields: [
      { name: 'userKey', label: 'User or group key', secret: true, input: 'password', hint: '30 letters and digits, from your Pushover dashboard.', savedHint: keepSaved('key') },
      { name: 'token', label: 'Application token', secret: true, input: 'password', hint: 'Create an application at pushover.net/apps/build.', savedHint: keepSaved('token') },
      {
        name: 'priority',
        label: 'Incidents are sent as',
        input: 'select',
        options: [
          { value: 'high', label: 'High priority (sound, bypasses quiet hours)' },
          { value: 'emergency', label: 'Emergency (repeats every minute for an hour until acknowledged in Pushover or Watchpost)' },
        ],
        initial: (s) => s.priority ?? 'high',
      },
    ],
    shown: ['priority'],
    destination: (s) => (s.priority === 'emergency' ? 'incidents as emergencies' : 'incidents at high priority'),
  },
  gotify: {
    label: 'Gotify',
    fields: [
      { name: 'serverUrl', label: 'Gotify server', input: 'url', placeholder: 'https://gotify.example.com', initial: (s) => s.serverUrl ?? '' },
      { name: 'token', label: 'Application token', secret: true, input: 'password', hint: 'Apps → Create application, then its token.', savedHint: keepSaved('token') },
    ],
    shown: ['serverUrl'],
    address: 'serverUrl',
    destination: (s) => s.host ?? '',
  },
  matrix: {
    label: 'Matrix',
    fields: [
      { name: 'serverUrl', label: 'Homeserver', input: 'url', placeholder: 'https://matrix.example.org', initial: (s) => s.serverUrl ?? '' },
      { name: 'roomId', label: 'Room id', placeholder: '!abcdefg:example.org', initial: (s) => s.roomId ?? '', hint: 'Room settings → Advanced. The account must have joined the room.' },
      { name: 'token', label: 'Access token', secret: true, input: 'password', hint: 'Of the account that posts (a bot account is best).', savedHint: keepSaved('token') },
    ],
    shown: ['serverUrl', 'roomId'],
    address: 'serverUrl',
    destination: (s) => `${s.roomId ?? ''} on ${s.host ?? ''}`,
  },
  googlechat: {
    label: 'Google Chat',
    help: 'In the space: Apps & integrations → Webhooks → Add webhook, then copy its URL.',
    fields: [{ name: 'url', label: 'Google Chat webhook URL', secret: true, input: 'url', placeholder: 'https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…', savedHint: keepSaved('URL') }],
    shown: [],
    destination: () => 'incoming webhook',
  },
  mattermost: {
    label: 'Mattermost',
    help: 'Integrations → Incoming Webhooks → Add, then copy its URL.',
    fields: [{ name: 'url', label: 'Mattermost webhook URL', secret: true, input: 'url', placeholder: 'https://mattermost.example.com/hooks/…', savedHint: keepSaved('URL') }],
    shown: [],
    address: 'url',
    destination: (s) => s.host ?? '',
  },
};

export const KIND_LABELS = Object.fromEntries(Object.entries(KIND_FORMS).map(([kind, form]) => [kind, form.label])) as Record<ChannelKind, string>;

/** Every kind, in the order the form offers them. */
export const CHANNEL_KIND_CHOICES = Object.keys(KIND_FORMS) as ChannelKind[];

/** The secrets a kind keeps, by name. */
export const secretNames = (kind: ChannelKind): string[] => [...KIND_FORMS[kind].fields.filter((f) => f.secret).map((f) => f.name), ...(KIND_FORMS[kind].extraSecrets ?? [])];

/** Kinds whose service keeps one alert per incident (trigger, acknowledge, resolve by key). */
export const isPagingKind = (kind: string): boolean => KIND_FORMS[kind as ChannelKind]?.paging === true;
export const PAGING_KINDS = CHANNEL_KIND_CHOICES.filter(isPagingKind);

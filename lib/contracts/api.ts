import { z } from 'zod';
import { ROUTABLE_EVENT_KINDS, type RoutableEvent } from '@/lib/notifications/kind-forms';
import { CHANNEL_KINDS, EMAIL_MEMBERS } from '@/db/schema/notifications';
import { POST_IMPACTS, POST_STATES } from '@/db/schema/status-pages';
import type { MonitorStatus } from '@/lib/ingest/state-machine';
import { assertionSchema, MAX_ASSERTIONS } from './assertions';
import { DNS_RECORD_TYPES, HTTP_METHODS, MAX_LOCATIONS, MONITOR_TYPES, PUSH_SCHEDULES, QUORUM_RULES, STARTTLS_PROTOCOLS } from './monitor-kinds';

// The management API's request and response shapes (docs/api.md). The route handlers
// validate with these, and /api/v1/openapi.json is generated from them (lib/contracts/openapi.ts):
// one definition, no copy to drift. Requests are strict: an unknown field is refused by name.

const id = z.uuid();
const time = z.iso.datetime({ offset: true });

/** A page of a list: `next` is the cursor of the following page (also in the Link header), null on the last. */
export const pageOf = <Item extends z.ZodType>(item: Item) => z.object({ data: z.array(item), next: z.string().nullable() });

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

// Monitors ----------------------------------------------------------------------------------

const optionFields = {
  // http
  method: z.enum(HTTP_METHODS),
  expectedStatus: z.string().max(200).describe('Codes and ranges, like "200-299,301".'),
  keyword: z.string().min(1).max(500),
  keywordInverted: z.boolean(),
  followRedirects: z.boolean(),
  headers: z.record(z.string(), z.string()),
  body: z.string().max(64 * 1024),
  verifyTls: z.boolean(),
  assertions: z.array(assertionSchema).max(MAX_ASSERTIONS),
  certificateWarningDays: z.array(z.int().min(1).max(365)).max(10),
  // tls
  serverName: z.string().max(253),
  starttls: z.enum(STARTTLS_PROTOCOLS),
  // dns
  recordType: z.enum(DNS_RECORD_TYPES),
  expectedValue: z.string().min(1).max(500),
  resolver: z.string().max(100),
  // push
  schedule: z.enum(PUSH_SCHEDULES),
  periodSeconds: z.int().min(10).max(31 * 86_400),
  cron: z.string().max(100),
  timeZone: z.string().max(64),
  graceSeconds: z.int().min(10).max(7 * 86_400),
};

/** The options of every type in one object: each type reads its own (http: method…; dns: recordType…; push: schedule…). */
export const monitorOptionsInputSchema = z.strictObject(Object.fromEntries(Object.entries(optionFields).map(([key, schema]) => [key, schema.optional()])) as {
  [Key in keyof typeof optionFields]: z.ZodOptional<(typeof optionFields)[Key]>;
});

const monitorFields = {
  name: z.string().max(100),
  type: z.enum(MONITOR_TYPES),
  /** What to check (not for push monitors: their schedule is their target). */
  target: z.string().max(500),
  /** The first location: one of the team's agents (not for push monitors). */
  agentId: id,
  /** Further locations, in order (docs/locations.md). */
  locations: z.array(id).max(MAX_LOCATIONS - 1),
  quorumRule: z.enum(QUORUM_RULES),
  quorumK: z.int().min(1).max(MAX_LOCATIONS),
  degradedAfterMs: z.int().min(1).nullable(),
  intervalSeconds: z.int(),
  timeoutSeconds: z.int(),
  failureThreshold: z.int(),
  recoveryThreshold: z.int(),
  options: monitorOptionsInputSchema,
  dependsOn: z.array(id).max(20).describe('The monitors it depends on: while one of them is down, its own incidents are held (no notification) and listed on that one’s incident.'),
  escalationPolicyId: id.nullable().describe('The escalation policy its incidents follow (besides its channels); null: none.'),
};

export const monitorInputSchema = z.strictObject({
  ...monitorFields,
  target: monitorFields.target.optional(),
  agentId: monitorFields.agentId.optional(),
  locations: monitorFields.locations.default([]),
  quorumRule: monitorFields.quorumRule.default('any'),
  quorumK: monitorFields.quorumK.default(1),
  degradedAfterMs: monitorFields.degradedAfterMs.default(null),
  intervalSeconds: monitorFields.intervalSeconds.default(30),
  timeoutSeconds: monitorFields.timeoutSeconds.default(10),
  failureThreshold: monitorFields.failureThreshold.default(2),
  recoveryThreshold: monitorFields.recoveryThreshold.default(1),
  options: monitorFields.options.default({}),
  dependsOn: monitorFields.dependsOn.optional(),
  escalationPolicyId: monitorFields.escalationPolicyId.optional(),
});
export type ApiMonitorInput = z.output<typeof monitorInputSchema>;

/** PATCH: any of the fields, no defaults (what is absent stays as it is); `options` are merged into the current ones. */
export const monitorPatchSchema = z.strictObject(monitorFields).partial();

export const MONITOR_STATUSES = ['unknown', 'up', 'pending', 'down', 'paused'] as const satisfies readonly MonitorStatus[];

export const monitorSchema = z.object({
  id,
  name: z.string(),
  type: z.enum(MONITOR_TYPES),
  target: z.string(),
  agentId: id.nullable(),
  locations: z.array(id),
  quorumRule: z.enum(QUORUM_RULES),
  quorumK: z.int(),
  degradedAfterMs: z.int().nullable(),
  intervalSeconds: z.int(),
  timeoutSeconds: z.int(),
  failureThreshold: z.int(),
  recoveryThreshold: z.int(),
  options: z.record(z.string(), z.unknown()).describe("The type's options, every default filled in."),
  enabled: z.boolean(),
  status: z.enum(MONITOR_STATUSES),
  pausedUntil: time.nullable(),
  degradedSince: time.nullable(),
  lastHeartbeatAt: time.nullable(),
  createdAt: time.nullable(),
  dependsOn: z.array(id).describe('The monitors it depends on.'),
  escalationPolicyId: id.nullable(),
});
export type ApiMonitor = z.output<typeof monitorSchema>;

export const monitorListQuerySchema = listQuerySchema.extend({
  status: z.enum(MONITOR_STATUSES).optional(),
  type: z.enum(MONITOR_TYPES).optional(),
  agentId: id.optional(),
  name: z.string().max(100).optional().describe('Part of the name, any case.'),
});

export const pauseSchema = z.strictObject({
  minutes: z.int().min(1).max(7 * 24 * 60).optional().describe('Resume by itself after this many minutes (within 15 s); absent: until resumed.'),
});

// Incidents ---------------------------------------------------------------------------------

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const incidentSchema = z.object({
  id,
  monitorId: id,
  monitorName: z.string(),
  state: z.enum(INCIDENT_STATES),
  startedAt: time,
  acknowledgedAt: time.nullable(),
  acknowledgedBy: z.string().nullable().describe('E-mail of who acknowledged it.'),
  resolvedAt: time.nullable(),
  resolvedBy: z.string().nullable().describe('E-mail of who resolved it by hand; null when it resolved by itself.'),
  ttrSeconds: z.int().nullable(),
  inMaintenance: z.boolean(),
});
export type ApiIncident = z.output<typeof incidentSchema>;

export const incidentEventSchema = z.object({ at: time, kind: z.string(), text: z.string() });
export const incidentDetailSchema = incidentSchema.extend({ timeline: z.array(incidentEventSchema) });

export const incidentListQuerySchema = listQuerySchema.extend({
  state: z.enum(INCIDENT_STATES).optional(),
  monitorId: id.optional(),
  since: time.optional().describe('Incidents started at or after this time.'),
});

// Tokens ------------------------------------------------------------------------------------

export const emptyBodySchema = z.strictObject({});

// Agents ------------------------------------------------------------------------------------

export const agentSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(['remote', 'builtin']).describe('remote: a process you run with its token; builtin: runs inside the server.'),
  online: z.boolean().describe('Seen within 3 × the poll interval.'),
  lastSeenAt: time.nullable(),
  createdAt: time.nullable(),
  monitorCount: z.int(),
  version: z.string().nullable(),
});
export type ApiAgent = z.output<typeof agentSchema>;
export const agentWithTokenSchema = agentSchema.extend({ token: z.string().describe('The agent token (`wpa_…`): returned this once, never again.') });
export const agentInputSchema = z.strictObject({ name: z.string().max(100) });
export const agentTokenSchema = z.object({ token: z.string().describe('The new agent token (`wpa_…`); the old one stopped working.') });

// Maintenance -------------------------------------------------------------------------------

const wallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).describe('A wall-clock time in `timeZone`, like 2026-12-24T02:00.');
const maintenanceFields = {
  title: z.string().max(200),
  description: z.string().max(5000).describe('Markdown, shown on the chosen status pages.'),
  timeZone: z.string().max(64),
  start: z.union([wallTime, z.literal('now')]).describe('A wall-clock time in `timeZone`, or "now".'),
  end: wallTime,
  durationMinutes: z.int().min(1).max(31 * 24 * 60).describe('Instead of `end`: how long each occurrence lasts.'),
  rrule: z.string().max(500).nullable().describe('An RFC 5545 recurrence such as FREQ=WEEKLY;BYDAY=SU; null: once.'),
  monitorIds: z.array(id).max(500),
  pageIds: z.array(id).max(50),
  notifySubscribers: z.boolean(),
};
export const maintenanceInputSchema = z.strictObject({
  ...maintenanceFields,
  description: maintenanceFields.description.default(''),
  timeZone: maintenanceFields.timeZone.default('UTC'),
  end: maintenanceFields.end.optional(),
  durationMinutes: maintenanceFields.durationMinutes.optional(),
  rrule: maintenanceFields.rrule.default(null),
  pageIds: maintenanceFields.pageIds.default([]),
  notifySubscribers: maintenanceFields.notifySubscribers.default(false),
});
export type ApiMaintenanceInput = z.output<typeof maintenanceInputSchema>;
export const maintenancePatchSchema = z.strictObject(maintenanceFields).partial();

const span = z.object({ startsAt: time, endsAt: time });
export const maintenanceSchema = z.object({
  id,
  title: z.string(),
  description: z.string(),
  timeZone: z.string(),
  start: wallTime,
  durationMinutes: z.int(),
  rrule: z.string().nullable(),
  monitorIds: z.array(id),
  pageIds: z.array(id),
  notifySubscribers: z.boolean(),
  state: z.enum(['in progress', 'scheduled', 'completed']),
  running: span.nullable().describe('The occurrence under way.'),
  upcoming: z.array(span).describe('The next few occurrences.'),
});
export type ApiMaintenance = z.output<typeof maintenanceSchema>;
export const extendSchema = z.strictObject({ minutes: z.int().min(1).max(7 * 24 * 60) });

// Summaries ---------------------------------------------------------------------------------

export const SUMMARY_RANGES = ['1h', '24h', '7d', '30d', '90d'] as const;
export const summaryQuerySchema = z.strictObject({
  range: z.enum(SUMMARY_RANGES).optional().describe('The last hour, day, 7, 30 or 90 days (the default: 24h).'),
  from: time.optional().describe('Instead of `range`: the start (at most 400 days ago) …'),
  to: time.optional().describe('… and the end (at most now).'),
});
export const summarySchema = z.object({
  monitorId: id,
  from: time,
  to: time,
  uptimePercent: z.number().nullable().describe('Up checks of the counted ones, floored to 0.01 (the pages’ uptime); null without checks.'),
  downtimeSeconds: z.int().describe('Time inside incidents, less maintenance.'),
  incidents: z.int(),
  p50: z.number().nullable().describe('Latency percentiles of up checks, ms.'),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  checks: z.int(),
  failed: z.int(),
  coverage: z.number().nullable().describe('Counted checks of those the interval expects (0–1).'),
});

// Heartbeats, members, usage -------------------------------------------------------------------

export const heartbeatSchema = z.object({
  time: time,
  status: z.enum(['up', 'down', 'timeout', 'error']),
  latencyMs: z.number().nullable(),
  errorMessage: z.string().nullable(),
  location: z.string().nullable().describe('The agent that checked (null once deleted).'),
});
export const heartbeatQuerySchema = listQuerySchema.extend({
  format: z.enum(['json', 'ndjson', 'csv']).default('json').describe('json: a page, newest first; ndjson or csv: every heartbeat of from–to, oldest first, streamed.'),
  from: time.optional().describe('ndjson/csv: the start (at most 400 days ago).'),
  to: time.optional().describe('ndjson/csv: the end.'),
});

export const memberSchema = z.object({ userId: id, email: z.string(), role: z.enum(['viewer', 'responder', 'editor', 'admin', 'owner']), joinedAt: time });

const resourceUsage = z.object({ used: z.int(), limit: z.int(), level: z.string().describe('ok, approaching (80 %) or reached.') });
export const usageSchema = z.object({
  plan: z.string(),
  limits: z.object({ agents: z.int(), monitors: z.int(), shortestIntervalSeconds: z.int(), retentionDays: z.int() }),
  usage: z.object({ agents: resourceUsage, monitors: resourceUsage }).describe('Counted across every team of the team’s owner (their plan covers them all).'),
});

// Notification channels (kinds and events: lib/notifications/kind-forms.ts) -----------------------------------------------------------------------

const SECRET_STATES = z.enum(['set', 'unset']);
const channelFields = {
  name: z.string().max(100),
  kind: z.enum(CHANNEL_KINDS),
  allMonitors: z.boolean().describe('Every monitor of the team (also when monitorIds is empty).'),
  monitorIds: z.array(id).max(1000),
  reminderMinutes: z.int().min(5).max(10_080).nullable().describe('Remind every N minutes while an incident stays open; null: never.'),
  events: z.array(z.enum(ROUTABLE_EVENT_KINDS as [RoutableEvent, ...RoutableEvent[]])).max(50).describe('The events the channel gets (tests always; reminders by reminderMinutes). Default: all but monitor.partial and maintenance.*. Paging kinds (pagerduty, opsgenie) drop monitor.partial, maintenance.* and slo.*.'),
  componentIds: z.array(id).max(1000).describe('Also the monitors behind these status page components, as they are when a message is sent.'),
  degradedEvents: z.boolean().describe('Deprecated: events with or without monitor.degraded and monitor.recovered.'),
  partialEvents: z.boolean().describe('Deprecated: events with or without monitor.partial.'),
  // email
  addresses: z.array(z.string().max(320)).max(10),
  members: z.enum(EMAIL_MEMBERS).nullable(),
  // webhook, slack, discord (secret)
  url: z.string().max(2000).describe('Write-only: never returned.'),
  // webhook (secret)
  headers: z.record(z.string(), z.string()).describe('Write-only: never returned (their names are).'),
  // telegram
  botToken: z.string().max(200).describe('Write-only.'),
  chatId: z.string().max(40),
  // ntfy
  serverUrl: z.string().max(2000),
  topic: z.string().max(64),
  token: z.string().max(500).describe('ntfy, gotify, matrix (access token), pushover (application token). Write-only.'),
  // pagerduty, opsgenie
  routingKey: z.string().max(100).describe('pagerduty: the Events API v2 integration key. Write-only.'),
  apiKey: z.string().max(100).describe('opsgenie: the API integration key. Write-only.'),
  region: z.enum(['us', 'eu']).describe('pagerduty, opsgenie: the service region (default us).'),
  // pushover
  userKey: z.string().max(100).describe('pushover: the user or group key. Write-only.'),
  priority: z.enum(['high', 'emergency']).describe('pushover: how incidents are sent (default high).'),
  // matrix (serverUrl is the homeserver)
  roomId: z.string().max(255),
};
export const channelInputSchema = z.strictObject({
  ...channelFields,
  allMonitors: channelFields.allMonitors.default(true),
  monitorIds: channelFields.monitorIds.default([]),
  reminderMinutes: channelFields.reminderMinutes.default(null),
  events: channelFields.events.optional(),
  componentIds: channelFields.componentIds.optional(),
  degradedEvents: channelFields.degradedEvents.optional(),
  partialEvents: channelFields.partialEvents.optional(),
  addresses: channelFields.addresses.optional(),
  members: channelFields.members.optional(),
  url: channelFields.url.optional(),
  headers: channelFields.headers.optional(),
  botToken: channelFields.botToken.optional(),
  chatId: channelFields.chatId.optional(),
  serverUrl: channelFields.serverUrl.optional(),
  topic: channelFields.topic.optional(),
  token: channelFields.token.optional(),
  routingKey: channelFields.routingKey.optional(),
  apiKey: channelFields.apiKey.optional(),
  region: channelFields.region.optional(),
  userKey: channelFields.userKey.optional(),
  priority: channelFields.priority.optional(),
  roomId: channelFields.roomId.optional(),
});
export type ApiChannelInput = z.output<typeof channelInputSchema>;
/** PATCH: any field but kind; an absent secret keeps the saved one. */
export const channelPatchSchema = z.strictObject(channelFields).omit({ kind: true }).partial();

export const channelSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  destination: z.string().describe('Where messages go, without any secret part.'),
  allMonitors: z.boolean(),
  monitorIds: z.array(id),
  reminderMinutes: z.int().nullable(),
  events: z.array(z.string()),
  componentIds: z.array(id),
  degradedEvents: z.boolean().describe('Deprecated: whether events has monitor.degraded.'),
  partialEvents: z.boolean().describe('Deprecated: whether events has monitor.partial.'),
  addresses: z.array(z.string()).optional(),
  members: z.enum(EMAIL_MEMBERS).nullable().optional(),
  chatId: z.string().optional(),
  serverUrl: z.string().optional(),
  topic: z.string().optional(),
  headerNames: z.array(z.string()).optional(),
  region: z.enum(['us', 'eu']).optional(),
  priority: z.enum(['high', 'emergency']).optional(),
  roomId: z.string().optional(),
  secrets: z.record(z.string(), SECRET_STATES).describe('Each secret of the kind: set or unset. Secrets are never returned.'),
  failingSince: time.nullable(),
  createdAt: time.nullable(),
});
export type ApiChannel = z.output<typeof channelSchema>;
export const channelCreatedSchema = channelSchema.extend({ signingSecret: z.string().nullable().describe('webhook: the whsec_… signing secret, returned this once.') });

// Status pages, components and posts -----------------------------------------------------------

const pageFields = {
  title: z.string().max(120),
  slug: z.string().max(60).describe('The address: /s/<slug>.'),
  description: z.string().max(2000),
  logoUrl: z.string().max(2000).nullable(),
  timeZone: z.string().max(64),
  customHost: z.string().max(253).nullable().describe('A host name of your own that serves this page (CNAME to this server).'),
  allowFraming: z.boolean(),
  sloDays: z.union([z.literal(30), z.literal(90)]).nullable().describe('Show each component’s uptime against its SLO over the last 30 or 90 days; null: not shown.'),
};
export const statusPageInputSchema = z.strictObject({
  ...pageFields,
  description: pageFields.description.default(''),
  logoUrl: pageFields.logoUrl.default(null),
  timeZone: pageFields.timeZone.default('UTC'),
  customHost: pageFields.customHost.default(null),
  allowFraming: pageFields.allowFraming.default(false),
  sloDays: pageFields.sloDays.default(null),
});
export type ApiStatusPageInput = z.output<typeof statusPageInputSchema>;
export const statusPagePatchSchema = z.strictObject(pageFields).partial();

const componentFields = { name: z.string().max(100), description: z.string().max(500), groupName: z.string().max(100), monitorIds: z.array(id).max(50) };
export const componentInputSchema = z.strictObject({ ...componentFields, description: componentFields.description.default(''), groupName: componentFields.groupName.default('') });
export const componentPatchSchema = z.strictObject(componentFields).partial();
export const componentSchema = z.object({ id, name: z.string(), description: z.string(), groupName: z.string(), monitorIds: z.array(id) });

export const statusPageSchema = z.object({
  id,
  title: z.string(),
  slug: z.string(),
  url: z.string().describe('Where the public sees it.'),
  description: z.string(),
  logoUrl: z.string().nullable(),
  timeZone: z.string(),
  customHost: z.string().nullable(),
  allowFraming: z.boolean(),
  sloDays: z.int().nullable(),
  protected: z.boolean().describe('Behind a password (set in the app).'),
  components: z.array(componentSchema),
});
export type ApiStatusPage = z.output<typeof statusPageSchema>;

export const postInputSchema = z.strictObject({
  title: z.string().max(200),
  impact: z.enum(POST_IMPACTS),
  componentIds: z.array(id).max(100).default([]),
  state: z.enum(POST_STATES),
  body: z.string().max(5000).describe('Markdown.'),
  incidentId: id.optional().describe('The Watchpost incident it is about.'),
});
export const postUpdateInputSchema = z.strictObject({ state: z.enum(POST_STATES), body: z.string().max(5000) });
export const postSchema = z.object({
  id,
  pageId: id,
  title: z.string(),
  impact: z.enum(POST_IMPACTS),
  createdAt: time,
  resolvedAt: time.nullable(),
  componentIds: z.array(id),
  updates: z.array(z.object({ id, state: z.enum(POST_STATES), body: z.string(), createdAt: time })).describe('Newest first.'),
});
export type ApiPost = z.output<typeof postSchema>;

// Push monitors' ping URLs, certificates, domains ------------------------------------------------

export const pingUrlSchema = z.object({
  pingUrl: z.string().describe('POST or GET it when the job succeeds (/start, /fail, /log, /<exit status> also work).'),
  kumaUrl: z.string().describe('The same, in Uptime Kuma’s push format.'),
});
export const certificateSchema = z.object({
  fingerprint: z.string().describe('SHA-256 of the certificate.'),
  subject: z.string(),
  sans: z.array(z.string()),
  issuer: z.string(),
  notAfter: time,
  chainNotAfter: time.describe('The earliest expiry in the chain.'),
  monitors: z.array(z.object({ id, name: z.string() })),
});
export const domainSchema = z.object({
  domain: z.string(),
  expiresAt: time.nullable().describe('From the registry’s RDAP; null until known.'),
  message: z.string().nullable().describe('Why there is no date (no RDAP service, not found…).'),
  monitors: z.array(z.object({ id, name: z.string() })),
});
export const moveComponentSchema = z.strictObject({ direction: z.enum(['up', 'down']).describe('One place up or down on the page.') });

// Escalation policies --------------------------------------------------------------------------

const escalationStepFields = z.strictObject({
  waitMinutes: z.int().describe('Minutes to wait for an acknowledgement after this step before the next (1 to 1,440).'),
  channelIds: z.array(id).max(50).default([]).describe('The channels this step notifies.'),
  notifyResponders: z.boolean().default(false).describe('Also e-mail every member with role responder or above.'),
});
const escalationPolicyFields = {
  name: z.string().max(100),
  repeatCount: z.int().min(0).max(9).describe('After the last step, start again this many times while nobody acknowledges (default 0).'),
  steps: z.array(escalationStepFields).min(1).max(10).describe('In order: each notifies, then waits.'),
};
export const escalationPolicyInputSchema = z.strictObject({ ...escalationPolicyFields, repeatCount: escalationPolicyFields.repeatCount.default(0) });
export type ApiEscalationPolicyInput = z.output<typeof escalationPolicyInputSchema>;
/** What PATCH may name: only those fields change (a default would reset what the body leaves out). */
export const escalationPolicyPatchSchema = z.strictObject(escalationPolicyFields).partial();
export const escalationPolicySchema = z.object({
  id,
  name: z.string(),
  repeatCount: z.int(),
  steps: z.array(z.object({ waitMinutes: z.int(), channelIds: z.array(id), notifyResponders: z.boolean() })),
  monitors: z.int().describe('How many monitors use it.'),
});
export type ApiEscalationPolicy = z.output<typeof escalationPolicySchema>;

// SLOs and reports ------------------------------------------------------------------------------

const burnRates = z
  .object({ '5m': z.number().nullable(), '30m': z.number().nullable(), '1h': z.number().nullable(), '6h': z.number().nullable(), '3d': z.number().nullable() })
  .describe('Burn rate over the last 5 min … 3 days: (bad / counted) / (100 − target) %; null without checks or with a 100 % target.');

const sloFields = {
  name: z.string().max(100),
  monitorId: id.nullable().describe('The monitor it is for; or componentId.'),
  componentId: id.nullable().describe('The status page component it is for (its monitors’ checks add up); or monitorId.'),
  target: z.number().describe('Percent of good checks: above 0, at most 100, up to three decimals.'),
  window: z.enum(['7d', '28d', '30d', '90d', 'month', 'quarter']).describe('Rolling days, or the calendar month or quarter in the team’s time zone.'),
  degradedCountsAsDown: z.boolean().describe('Up checks while the monitor was degraded count as bad.'),
  fastBurn: z.number().describe('Alert when the burn rate over 1 h and over 5 min is at least this (default 14.4).'),
  slowBurn: z.number().describe('Alert when the burn rate over 6 h and over 30 min is at least this (default 6).'),
};
export const sloInputSchema = z.strictObject({
  ...sloFields,
  monitorId: sloFields.monitorId.default(null),
  componentId: sloFields.componentId.default(null),
  degradedCountsAsDown: sloFields.degradedCountsAsDown.default(false),
  fastBurn: sloFields.fastBurn.default(14.4),
  slowBurn: sloFields.slowBurn.default(6),
});
export type ApiSloInput = z.output<typeof sloInputSchema>;
/** What PATCH may name: only those fields change (no defaults fill the rest). */
export const sloPatchSchema = z.strictObject(sloFields).partial();
export const sloSchema = z.object({
  id,
  name: z.string(),
  monitorId: id.nullable(),
  componentId: id.nullable(),
  subject: z.string().describe('The monitor’s name, or “page › component”.'),
  target: z.number(),
  window: z.string(),
  degradedCountsAsDown: z.boolean(),
  fastBurn: z.number(),
  slowBurn: z.number(),
  from: time.describe('The window’s start.'),
  end: time.describe('The window’s end (now for a rolling window).'),
  good: z.int(),
  bad: z.int(),
  attainmentPercent: z.number().nullable().describe('Good of counted checks so far, three decimals rounded down; null without checks.'),
  budget: z.object({
    allowedChecks: z.number().describe('Bad checks the target allows over the whole window.'),
    usedChecks: z.int(),
    leftShare: z.number().nullable().describe('Left of the budget (1 = all, below 0 = overspent); null with a 100 % target.'),
    allowedMinutes: z.number(),
    usedMinutes: z.number(),
    exhausted: z.boolean(),
  }),
  burnRates,
  burningSince: time.nullable().describe('Set while a burn alert’s episode lasts.'),
  exhaustedAt: time.nullable(),
});
export type ApiSlo = z.output<typeof sloSchema>;

export const reportQuerySchemaApi = z.strictObject({
  from: z.string().optional().describe('The first day, YYYY-MM-DD in the scope’s time zone (default: the first of last month).'),
  to: z.string().optional().describe('The last day, included (default: the last of last month); at most 731 days after `from`.'),
  scope: z.enum(['team', 'page', 'monitors']).optional().describe('Every monitor of the team (default), a status page’s components, or chosen monitors.'),
  page: id.optional().describe('The status page, with scope=page.'),
  monitor: id.optional().describe('A chosen monitor, with scope=monitors; repeat the parameter for more.'),
  format: z.enum(['json', 'csv', 'pdf']).optional().describe('json (default), csv, or pdf.'),
});
const reportSummary = summarySchema.omit({ monitorId: true, from: true, to: true }).extend({ downtimeSeconds: z.number() });
export const reportSchema = z.object({
  title: z.string(),
  scopeLabel: z.string(),
  teamName: z.string(),
  timeZone: z.string(),
  fromDay: z.string(),
  toDay: z.string(),
  from: time,
  to: time,
  generatedAt: time,
  totals: z.object({
    uptimePercent: z.number().nullable(),
    checks: z.int(),
    failed: z.int(),
    downtimeSeconds: z.number(),
    incidents: z.int(),
    mttaSeconds: z.number().nullable(),
    mttrSeconds: z.number().nullable(),
  }),
  rows: z.array(
    z.object({
      id,
      kind: z.enum(['monitor', 'component']),
      name: z.string(),
      summary: reportSummary.describe('The numbers GET /monitors/{id}/summary gives for the same window.'),
      mttaSeconds: z.number().nullable(),
      mttrSeconds: z.number().nullable(),
      degradedSeconds: z.number(),
      slos: z.array(z.object({ name: z.string(), target: z.number(), attainment: z.number().nullable(), met: z.boolean().nullable(), budgetUsedShare: z.number().nullable(), budgetUsedChecks: z.int() })),
    }),
  ),
  incidents: z.array(
    z.object({ id, monitorName: z.string(), startedAt: time, resolvedAt: time.nullable(), durationSeconds: z.number(), acknowledgedAfterSeconds: z.number().nullable(), inMaintenance: z.boolean() }),
  ),
  days: z.array(z.object({ day: z.string(), uptimePercent: z.number().nullable(), checks: z.int(), failed: z.int() })),
  precision: z.object({ rollupOnlyDays: z.array(z.string()), noDataDays: z.array(z.string()) }).describe('Days past raw retention (hourly rollups only) and days with nothing kept.'),
});

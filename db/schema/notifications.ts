import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { statusPageComponents, statusPageSubscribers } from './status-pages';
import { bytea } from './types';
import { teams } from './teams';
import { users } from './users';

export const CHANNEL_KINDS = ['email', 'webhook', 'slack', 'discord', 'telegram', 'ntfy', 'pagerduty', 'opsgenie', 'msteams', 'pushover', 'gotify', 'matrix', 'googlechat', 'mattermost'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const NOTIFICATION_EVENT_KINDS = [
  'incident.opened',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reminder',
  'incident.escalated',
  'monitor.flapping',
  'monitor.degraded',
  'monitor.recovered',
  'monitor.partial',
  'agent.offline',
  'agent.online',
  'certificate.expiring',
  'domain.expiring',
  'test',
  'status.confirm',
  'status.post',
  'status.maintenance',
  'maintenance.started',
  'maintenance.ended',
  'slo.burning',
  'slo.exhausted',
  'report.scheduled',
] as const;
export type NotificationEventKind = (typeof NOTIFICATION_EVENT_KINDS)[number];

/** cancelled: an escalation step whose incident was acknowledged or resolved before it went out. */
export const DELIVERY_STATES = ['queued', 'delivered', 'failed', 'folded', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const list = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

// Where a user's notifications go. What is secret (webhook URLs and signing secrets, bot
// tokens, extra headers) is one AES-256-GCM ciphertext under the server key with the
// channel id as associated data, like agent keys; `settings` holds only what may be shown.
// What a channel keeps in `settings` (jsonb): what may be shown again; secrets are sealed apart.
export const EMAIL_MEMBERS = ['all', 'responders'] as const;
export type EmailMembers = (typeof EMAIL_MEMBERS)[number];

export interface ChannelSettings {
  /** email: fixed addresses */
  addresses?: string[];
  /** email: also the team's members, all of them or those who can respond (responder and up), as they are when a message is sent */
  members?: EmailMembers;
  /** telegram */
  chatId?: string;
  /** ntfy, gotify, matrix (the homeserver) */
  serverUrl?: string;
  topic?: string;
  /** webhook, ntfy, gotify, matrix, mattermost: where it goes, without its path (the path may carry a token) */
  host?: string;
  /** webhook: the names of the extra headers (their values are secret) */
  headerNames?: string[];
  /** pagerduty, opsgenie: the service's region */
  region?: 'us' | 'eu';
  /** pushover: how incidents are sent */
  priority?: 'high' | 'emergency';
  /** matrix */
  roomId?: string;
}


export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Who created it. */
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The team that owns it (a row written with only `user_id`: that user's personal team, by trigger). */
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    kind: varchar({ length: 20 }).notNull(),
    /** not secret: e-mail addresses, a Telegram chat id, an ntfy server and topic, header names */
    settings: jsonb().$type<ChannelSettings>().notNull().default({}),
    secretsEncrypted: bytea().notNull(),
    /** every monitor of the user, or only those in notification_channel_monitors */
    allMonitors: boolean().notNull().default(true),
    /** remind every N minutes while an incident stays open; null: no reminders */
    reminderMinutes: integer(),
    /** set when deliveries keep failing or one failed for good; cleared by the next success */
    failingSince: timestamp({ withTimezone: true }),
    failingReason: text(),
    consecutiveFailures: integer().notNull().default(0),
    /** The events it gets (ROUTABLE_EVENTS); reminders are set by reminderMinutes, tests always come. */
    events: text()
      .array()
      .notNull()
      .default(sql`ARRAY['incident.opened', 'incident.acknowledged', 'incident.resolved', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'monitor.degraded', 'monitor.recovered', 'slo.burning', 'slo.exhausted']::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_channels_team_id_name_key').on(t.teamId, sql`lower(${t.name})`),
    check('notification_channels_kind_check', sql`${t.kind} IN (${list(CHANNEL_KINDS)})`),
    check('notification_channels_reminder_check', sql`${t.reminderMinutes} IS NULL OR ${t.reminderMinutes} BETWEEN 5 AND 10080`),
  ],
);

export const notificationChannelMonitors = pgTable(
  'notification_channel_monitors',
  {
    channelId: uuid().notNull(),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.monitorId] }),
    index('notification_channel_monitors_monitor_id_idx').on(t.monitorId),
    // Named here: the generated name is longer than PostgreSQL's 63 characters.
    foreignKey({ name: 'notification_channel_monitors_channel_id_fk', columns: [t.channelId], foreignColumns: [notificationChannels.id] }).onDelete('cascade'),
  ],
);

/** A channel may also cover the monitors behind chosen status page components (as they are when a message is sent). */
export const notificationChannelComponents = pgTable(
  'notification_channel_components',
  {
    channelId: uuid().notNull(),
    componentId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.componentId] }),
    index('notification_channel_components_component_id_idx').on(t.componentId),
    foreignKey({ name: 'notification_channel_components_component_id_fk', columns: [t.componentId], foreignColumns: [statusPageComponents.id] }).onDelete('cascade'),
    foreignKey({ name: 'notification_channel_components_channel_id_fk', columns: [t.channelId], foreignColumns: [notificationChannels.id] }).onDelete('cascade'),
  ],
);

// What happened, once, with a snapshot of what the messages say (names, times, the last
// error) taken in the transaction that changed it. Its id is the stable event id every
// message carries (the webhook-id), so receivers can drop an at-least-once duplicate.
// No foreign keys to incidents, monitors or agents: the log outlives what it is about.
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The team whose channels receive it. */
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: varchar({ length: 30 }).notNull(),
    incidentId: uuid(),
    monitorId: uuid(),
    agentId: uuid(),
    payload: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('notification_events_kind_check', sql`${t.kind} IN (${list(NOTIFICATION_EVENT_KINDS)})`),
    index('notification_events_incident_id_idx').on(t.incidentId),
    // The flapping check: a monitor's recent events, then their deliveries.
    index('notification_events_monitor_id_created_at_idx').on(t.monitorId, t.createdAt),
  ],
);

// The outbox: one row per (event, channel), (event, status page subscriber) or (event, team member), written in the transaction of the change.
// Workers claim due rows (FOR UPDATE SKIP LOCKED) under a lease; a crash lets the lease
// run out and the row is sent again.
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid()
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    channelId: uuid().references(() => notificationChannels.id, { onDelete: 'cascade' }),
    /** A status page subscriber's mail instead of a channel's message. */
    subscriberId: uuid().references(() => statusPageSubscribers.id, { onDelete: 'cascade' }),
    /** An escalation step's mail to a team member (responder and up) instead. */
    memberId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    /** A scheduled report's mail to an address of its own. */
    address: varchar({ length: 320 }),
    state: varchar({ length: 20 }).notNull().default('queued'),
    dueAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('notification_deliveries_state_check', sql`${t.state} IN (${list(DELIVERY_STATES)})`),
    index('notification_deliveries_due_idx').on(t.dueAt).where(sql`${t.state} = 'queued'`),
    index('notification_deliveries_channel_id_created_at_idx').on(t.channelId, t.createdAt.desc()),
    uniqueIndex('notification_deliveries_event_channel_key').on(t.eventId, t.channelId),
    uniqueIndex('notification_deliveries_event_subscriber_key').on(t.eventId, t.subscriberId),
    index('notification_deliveries_subscriber_idx').on(t.subscriberId),
    uniqueIndex('notification_deliveries_event_member_key').on(t.eventId, t.memberId),
    index('notification_deliveries_member_idx').on(t.memberId),
    uniqueIndex('notification_deliveries_event_address_key').on(t.eventId, t.address),
    check('notification_deliveries_recipient_check', sql`num_nonnulls(${t.channelId}, ${t.subscriberId}, ${t.memberId}, ${t.address}) = 1`),
  ],
);

export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    deliveryId: uuid().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: integer().notNull(),
    ok: boolean().notNull(),
    /** HTTP status, or the SMTP reply code */
    statusCode: integer(),
    /** the receiver's answer, shortened (an SMTP reply, an HTTP body) */
    reply: varchar({ length: 500 }),
    error: varchar({ length: 1000 }),
  },
  (t) => [
    index('notification_attempts_delivery_id_idx').on(t.deliveryId),
    foreignKey({ name: 'notification_attempts_delivery_id_fk', columns: [t.deliveryId], foreignColumns: [notificationDeliveries.id] }).onDelete('cascade'),
  ],
);

export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type NotificationEvent = typeof notificationEvents.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type NotificationAttempt = typeof notificationAttempts.$inferSelect;

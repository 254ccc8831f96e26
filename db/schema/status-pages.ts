import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { teams } from './teams';
import { users } from './users';

// A user's public status pages. What the public sees of a page comes only from the
// columns here and from the components' public names (never a monitor's name, target,
// agent, error message or id): lib/status-pages/public-view.ts builds that allowlist.
export const statusPages = pgTable(
  'status_pages',
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
    /** The page's address: /s/<slug>. */
    slug: varchar({ length: 60 }).notNull(),
    title: varchar({ length: 120 }).notNull(),
    description: text().notNull().default(''),
    logoUrl: varchar({ length: 2000 }),
    /** IANA zone the 90-day bars' days are counted in. */
    timeZone: varchar({ length: 64 }).notNull().default('UTC'),
    /** A host name of the user's own (status.example.com) that serves this page at its root. */
    customHost: varchar({ length: 253 }),
    /** argon2id of the page's password; null = public. */
    passwordHash: text(),
    /** Bumped when the password changes, so earlier visitors' cookies stop opening the page. */
    passwordVersion: integer().notNull().default(0),
    /** Whether other sites may frame the page (frame-ancestors *). */
    allowFraming: boolean().notNull().default(false),
    /** Show each component's uptime against its SLO over this many days (30 or 90); null: not shown. */
    sloDays: smallint(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('status_pages_slug_key').on(t.slug),
    uniqueIndex('status_pages_custom_host_key').on(sql`lower(${t.customHost})`),
    index('status_pages_team_idx').on(t.teamId),
  ],
);

/** A public line on a page: a name and description of the user's choosing, backed by monitors (the worst status wins). */
export const statusPageComponents = pgTable(
  'status_page_components',
  {
    id: uuid().primaryKey().defaultRandom(),
    pageId: uuid()
      .notNull()
      .references(() => statusPages.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    description: text().notNull().default(''),
    /** Components with the same group are shown together under it; empty = no group. */
    groupName: varchar({ length: 100 }).notNull().default(''),
    position: integer().notNull().default(0),
  },
  (t) => [index('status_page_components_page_idx').on(t.pageId, t.position)],
);

export const statusPageComponentMonitors = pgTable(
  'status_page_component_monitors',
  {
    componentId: uuid()
      .notNull()
      .references(() => statusPageComponents.id, { onDelete: 'cascade' }),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.componentId, t.monitorId] }), index('status_page_component_monitors_monitor_idx').on(t.monitorId)],
);

export type StatusPage = typeof statusPages.$inferSelect;
export type NewStatusPage = typeof statusPages.$inferInsert;
export type StatusPageComponent = typeof statusPageComponents.$inferSelect;
export type NewStatusPageComponent = typeof statusPageComponents.$inferInsert;
export type StatusPageComponentMonitor = typeof statusPageComponentMonitors.$inferSelect;

const list = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

export const POST_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type PostImpact = (typeof POST_IMPACTS)[number];
export const POST_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PostState = (typeof POST_STATES)[number];

// What a team tells its customers about an incident, on one page: a title, an impact, the
// components it affects, and timestamped updates (Markdown) from investigating to resolved.
export const statusPagePosts = pgTable(
  'status_page_posts',
  {
    id: uuid().primaryKey().defaultRandom(),
    pageId: uuid()
      .notNull()
      .references(() => statusPages.id, { onDelete: 'cascade' }),
    title: varchar({ length: 200 }).notNull(),
    impact: varchar({ length: 20 }).notNull().default('minor'),
    /** The automatic incident it was written from, if any: for the owner only, never shown. */
    incidentId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set by the update that resolves it; null while the post is open. */
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('status_page_posts_page_idx').on(t.pageId, t.createdAt),
    check('status_page_posts_impact_check', sql`${t.impact} IN (${list(POST_IMPACTS)})`),
  ],
);

export const statusPagePostComponents = pgTable(
  'status_page_post_components',
  {
    postId: uuid()
      .notNull()
      .references(() => statusPagePosts.id, { onDelete: 'cascade' }),
    componentId: uuid()
      .notNull()
      .references(() => statusPageComponents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.componentId] })],
);

export const statusPagePostUpdates = pgTable(
  'status_page_post_updates',
  {
    id: uuid().primaryKey().defaultRandom(),
    postId: uuid()
      .notNull()
      .references(() => statusPagePosts.id, { onDelete: 'cascade' }),
    state: varchar({ length: 20 }).notNull(),
    /** Markdown; rendered without raw HTML and sanitized. */
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('status_page_post_updates_post_idx').on(t.postId, t.createdAt),
    check('status_page_post_updates_state_check', sql`${t.state} IN (${list(POST_STATES)})`),
  ],
);

export type StatusPagePost = typeof statusPagePosts.$inferSelect;
export type StatusPagePostUpdate = typeof statusPagePostUpdates.$inferSelect;

// Visitors who asked for e-mail about a page: double opt-in (confirmedAt is set by the link
// in the confirmation mail; nothing is sent before), to the whole page or to chosen
// components. Their mails go through the notifications outbox; the links in them carry an
// HMAC of the subscriber id, so no token is stored.
export const statusPageSubscribers = pgTable(
  'status_page_subscribers',
  {
    id: uuid().primaryKey().defaultRandom(),
    pageId: uuid()
      .notNull()
      .references(() => statusPages.id, { onDelete: 'cascade' }),
    email: varchar({ length: 254 }).notNull(),
    /** every component of the page, or only those in status_page_subscriber_components */
    allComponents: boolean().notNull().default(true),
    confirmedAt: timestamp({ withTimezone: true }),
    /** when the last confirmation mail was queued: asking again sooner sends none */
    confirmationSentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('status_page_subscribers_page_email_key').on(t.pageId, sql`lower(${t.email})`)],
);

export const statusPageSubscriberComponents = pgTable(
  'status_page_subscriber_components',
  {
    subscriberId: uuid()
      .notNull()
      .references(() => statusPageSubscribers.id, { onDelete: 'cascade' }),
    componentId: uuid()
      .notNull()
      .references(() => statusPageComponents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.componentId] }), index('status_page_subscriber_components_component_idx').on(t.componentId)],
);

export type StatusPageSubscriber = typeof statusPageSubscribers.$inferSelect;

import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { statusPages } from './status-pages';
import { teams } from './teams';
import { users } from './users';

// Planned work: a one-off window or a recurring one (an RFC 5545 RRULE in an IANA zone),
// kept as the user wrote it (wall-clock start, length, rule), and expanded by
// lib/maintenance into maintenance_occurrences, the rows SQL joins: rollups leave out the
// checks inside an occurrence, notifications stay quiet, incidents opened inside are marked.
export const maintenanceWindows = pgTable(
  'maintenance_windows',
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
    title: varchar({ length: 200 }).notNull(),
    /** Markdown, shown on the chosen status pages (rendered without raw HTML). */
    description: text().notNull().default(''),
    timeZone: varchar({ length: 64 }).notNull(),
    /** The first start, wall-clock time in timeZone: YYYY-MM-DDTHH:mm. */
    startsAtLocal: varchar({ length: 16 }).notNull(),
    durationMinutes: integer().notNull(),
    /** RRULE body (FREQ=WEEKLY;BYDAY=SU); null: one-off. */
    rrule: text(),
    /** Send the chosen pages' subscribers notices (announced, 1 h before, start, end). */
    notifySubscribers: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('maintenance_windows_team_idx').on(t.teamId),
    check('maintenance_windows_duration_check', sql`${t.durationMinutes} BETWEEN 1 AND 10080`),
  ],
);

export const maintenanceWindowMonitors = pgTable(
  'maintenance_window_monitors',
  {
    windowId: uuid()
      .notNull()
      .references(() => maintenanceWindows.id, { onDelete: 'cascade' }),
    monitorId: uuid()
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.monitorId] }), index('maintenance_window_monitors_monitor_idx').on(t.monitorId)],
);

export const maintenanceWindowPages = pgTable(
  'maintenance_window_pages',
  {
    windowId: uuid()
      .notNull()
      .references(() => maintenanceWindows.id, { onDelete: 'cascade' }),
    pageId: uuid()
      .notNull()
      .references(() => statusPages.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.pageId] }), index('maintenance_window_pages_page_idx').on(t.pageId)],
);

/** One time a window happens. Ending early or extending moves endsAt of the running one. */
export const maintenanceOccurrences = pgTable(
  'maintenance_occurrences',
  {
    id: uuid().primaryKey().defaultRandom(),
    windowId: uuid()
      .notNull()
      .references(() => maintenanceWindows.id, { onDelete: 'cascade' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** The background round's progress: the 1-hour notice, the start, the end (alerts for monitors still down, notices). */
    soonHandledAt: timestamp({ withTimezone: true }),
    startHandledAt: timestamp({ withTimezone: true }),
    endHandledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('maintenance_occurrences_window_idx').on(t.windowId, t.startsAt),
    // "Is a window on now?": the first occurrence of the window that has not ended.
    index('maintenance_occurrences_window_ends_idx').on(t.windowId, t.endsAt),
    // The maintenance round reads only the occurrences whose end it has not handled.
    index('maintenance_occurrences_unhandled_idx').on(t.startsAt).where(sql`${t.endHandledAt} IS NULL`),
    check('maintenance_occurrences_order_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export type MaintenanceWindow = typeof maintenanceWindows.$inferSelect;
export type MaintenanceOccurrence = typeof maintenanceOccurrences.$inferSelect;

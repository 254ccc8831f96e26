import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { users } from './users';

export const incidents = pgTable(
  'incidents',
  {
  id: uuid().primaryKey().defaultRandom(),
  monitorId: uuid().references(() => monitors.id, { onDelete: 'cascade' }),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  resolvedAt: timestamp({ withTimezone: true }),
  ttrSeconds: integer(),
  acknowledgedBy: uuid().references(() => users.id),
  acknowledgedAt: timestamp({ withTimezone: true }),
  /** open | acknowledged | resolved */
  status: varchar({ length: 20 }).default('open'),
  /** Who resolved it by hand; null when it recovered by itself (or that person was deleted). */
  resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  /** Opened inside a maintenance window of its monitor: its messages wait for the window's end. */
  inMaintenance: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
  },
  (t) => [
    // Ingest locks the monitor rows; this is the last line of defence: never two
    // unresolved incidents for one monitor.
    uniqueIndex('incidents_one_unresolved_per_monitor').on(t.monitorId).where(sql`${t.resolvedAt} IS NULL`),
    index('incidents_monitor_id_started_at_idx').on(t.monitorId, t.startedAt.desc()),
  ],
);

export type Incident = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;

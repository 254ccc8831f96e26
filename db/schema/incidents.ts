import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
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
  /** Opened while a monitor it depends on was down: its messages wait until that one recovers (lib/dependencies). */
  heldByDependency: boolean().notNull().default(false),
  /** The open incident of the monitor it depends on that probably caused it (null once that one is deleted). */
  causedByIncidentId: uuid(),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
  },
  (t) => [
    // Ingest locks the monitor rows; this is the last line of defence: never two
    // unresolved incidents for one monitor.
    uniqueIndex('incidents_one_unresolved_per_monitor').on(t.monitorId).where(sql`${t.resolvedAt} IS NULL`),
    index('incidents_monitor_id_started_at_idx').on(t.monitorId, t.startedAt.desc()),
    index('incidents_caused_by_incident_id_idx').on(t.causedByIncidentId).where(sql`${t.causedByIncidentId} IS NOT NULL`),
    foreignKey({ name: 'incidents_caused_by_incident_id_fk', columns: [t.causedByIncidentId], foreignColumns: [t.id] }).onDelete('set null'),
  ],
);

export type Incident = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;

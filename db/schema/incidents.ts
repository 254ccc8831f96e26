import { integer, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { monitors } from './monitors';
import { users } from './users';

export const incidents = pgTable('incidents', {
  id: uuid().primaryKey().defaultRandom(),
  monitorId: uuid().references(() => monitors.id, { onDelete: 'cascade' }),
  startedAt: timestamp({ withTimezone: true }).notNull(),
  resolvedAt: timestamp({ withTimezone: true }),
  ttrSeconds: integer(),
  acknowledgedBy: uuid().references(() => users.id),
  acknowledgedAt: timestamp({ withTimezone: true }),
  /** open | acknowledged | resolved */
  status: varchar({ length: 20 }).default('open'),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
});

export type Incident = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;

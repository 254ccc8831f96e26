import { boolean, integer, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { agents } from './agents';

export const monitors = pgTable('monitors', {
  id: uuid().primaryKey().defaultRandom(),
  agentId: uuid().references(() => agents.id, { onDelete: 'cascade' }),
  name: varchar({ length: 255 }).notNull(),
  /** http | tcp | ping | dns */
  type: varchar({ length: 50 }).notNull(),
  target: varchar({ length: 500 }).notNull(),
  intervalSeconds: integer().default(30),
  timeoutSeconds: integer().default(10),
  status: varchar({ length: 20 }).default('unknown'),
  enabled: boolean().default(true),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
});

export type Monitor = typeof monitors.$inferSelect;
export type NewMonitor = typeof monitors.$inferInsert;

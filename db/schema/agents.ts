import { pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './types';
import { users } from './users';

export const agents = pgTable('agents', {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
  name: varchar({ length: 255 }).notNull(),
  apiKeyEncrypted: bytea().notNull(),
  lastSeenAt: timestamp({ withTimezone: true }),
  status: varchar({ length: 20 }).default('offline'),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
});

export type Agent = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;

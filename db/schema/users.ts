import { integer, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

// Seed table `users`. Nullability and defaults follow the seed exactly: rows written by
// operators' scripts with only the seed's columns must stay valid. `updated_at` is kept
// by a trigger (drizzle/0007_accounts.sql), so every writer gets it right.
export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  email: varchar({ length: 255 }).notNull().unique(),
  passwordHash: varchar({ length: 255 }).notNull(),
  plan: varchar({ length: 20 }).default('free'),
  createdAt: timestamp({ withTimezone: true }).defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).defaultNow(),
  /** Bumped by "sign out everywhere" and a password change: every older session dies. */
  sessionVersion: integer().notNull().default(0),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

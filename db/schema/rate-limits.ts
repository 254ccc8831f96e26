import { integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

// Fixed-window counters shared by every app instance: failed sign-ins per e-mail and per
// IP, anonymous form posts per IP. A key's window restarts once it is over.
export const rateLimits = pgTable('rate_limits', {
  key: varchar({ length: 320 }).primaryKey(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  count: integer().notNull().default(0),
});

export type RateLimit = typeof rateLimits.$inferSelect;

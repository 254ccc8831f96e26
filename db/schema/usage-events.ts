import { index, integer, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users';

// One row each time a user's usage crosses a plan threshold (80 % warning, 100 % limit):
// the history behind the "approaching your limit" notice and plan analytics.
export const usageEvents = pgTable(
  'usage_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** which limit: agents | monitors | … */
    resource: varchar({ length: 50 }).notNull(),
    /** limit_warning (crossed 80 %) | limit_reached (hit 100 %) */
    kind: varchar({ length: 30 }).notNull(),
    /** usage and limit at the moment of the crossing */
    used: integer().notNull(),
    limit: integer().notNull(),
    plan: varchar({ length: 20 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('usage_events_user_id_created_at_idx').on(t.userId, t.createdAt.desc())],
);

export type UsageEvent = typeof usageEvents.$inferSelect;
export type NewUsageEvent = typeof usageEvents.$inferInsert;

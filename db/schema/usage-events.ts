import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { users } from './users';

export const USAGE_EVENT_KINDS = ['created', 'deleted', 'approaching', 'reached', 'plan_changed'] as const;
export type UsageEventKind = (typeof USAGE_EVENT_KINDS)[number];

// One row per limit-relevant event: an agent or monitor created or deleted, usage crossing
// 80 % (approaching) or 100 % (reached) of a limit, a plan change. Crossings are recorded
// once each, when usage moves up across the line, never on a page view (lib/plans/usage.ts).
export const usageEvents = pgTable(
  'usage_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The team where it happened (null: the owner's plan changed, for all their teams). */
    teamId: uuid().references(() => teams.id, { onDelete: 'cascade' }),
    /** which limit: agents | monitors */
    resource: varchar({ length: 50 }).notNull(),
    /** created | deleted | approaching | reached | plan_changed */
    kind: varchar({ length: 30 }).notNull(),
    /** usage right after the event */
    used: integer().notNull(),
    /** the plan's limit for `resource` right after the event */
    limit: integer().notNull(),
    plan: varchar({ length: 20 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** how many agents or monitors the event added or removed (deleting an agent removes its monitors too) */
    quantity: integer().notNull().default(0),
    /** the agent or monitor created or deleted (no foreign key: the thing may be gone) */
    resourceId: uuid(),
    /** approaching/reached/plan_changed: when the user dismissed the notice this crossing raised */
    dismissedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('usage_events_user_id_created_at_idx').on(t.userId, t.createdAt.desc()),
    check('usage_events_kind_check', sql`${t.kind} IN ('created', 'deleted', 'approaching', 'reached', 'plan_changed')`),
  ],
);

export type UsageEvent = typeof usageEvents.$inferSelect;
export type NewUsageEvent = typeof usageEvents.$inferInsert;

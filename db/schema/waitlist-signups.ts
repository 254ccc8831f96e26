import { sql } from 'drizzle-orm';
import { check, index, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users';

export const WAITLIST_STATES = ['waiting', 'invited', 'converted'] as const;
export type WaitlistState = (typeof WAITLIST_STATES)[number];

// Beta waitlist from the public landing page. E-mails are stored trimmed and lower-cased,
// so the unique constraint is what makes a second sign-up a duplicate.
export const waitlistSignups = pgTable(
  'waitlist_signups',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: varchar({ length: 255 }).notNull().unique(),
    /** the landing page's utm_source, or `operator` for an address the operator invited directly */
    source: varchar({ length: 100 }),
    referrer: varchar({ length: 500 }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** "What do you monitor today?", as typed (plain text, rendered escaped) */
    note: varchar({ length: 500 }),
    /** waiting → invited (an invitation link exists) → converted (an account was made with it) */
    state: varchar({ length: 20, enum: WAITLIST_STATES }).notNull().default('waiting'),
    invitedAt: timestamp({ withTimezone: true }),
    convertedAt: timestamp({ withTimezone: true }),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('waitlist_signups_state_check', sql`${t.state} IN ('waiting', 'invited', 'converted')`),
    index('waitlist_signups_state_created_at_idx').on(t.state, t.createdAt),
  ],
);

export type WaitlistSignup = typeof waitlistSignups.$inferSelect;
export type NewWaitlistSignup = typeof waitlistSignups.$inferInsert;

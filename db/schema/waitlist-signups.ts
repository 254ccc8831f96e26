import { pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

// Beta waitlist from the public landing page. E-mails are stored trimmed and lower-cased,
// so the unique constraint is what makes a second sign-up a duplicate.
export const waitlistSignups = pgTable('waitlist_signups', {
  id: uuid().primaryKey().defaultRandom(),
  email: varchar({ length: 255 }).notNull().unique(),
  /** where the sign-up came from: the form's placement or a utm_source */
  source: varchar({ length: 100 }),
  referrer: varchar({ length: 500 }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type WaitlistSignup = typeof waitlistSignups.$inferSelect;
export type NewWaitlistSignup = typeof waitlistSignups.$inferInsert;

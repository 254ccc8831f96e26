import { pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './types';
import { users } from './users';
import { waitlistSignups } from './waitlist-signups';

// Single-use links that let one invited address register while registration is by
// invitation. Only the SHA-256 of the token is stored: a database dump opens no door.
export const invitations = pgTable('invitations', {
  id: uuid().primaryKey().defaultRandom(),
  tokenHash: bytea().notNull().unique('invitations_token_hash_unique'),
  email: varchar({ length: 255 }).notNull(),
  waitlistSignupId: uuid().references(() => waitlistSignups.id, { onDelete: 'cascade' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  /** set once, in the transaction that creates the account */
  usedAt: timestamp({ withTimezone: true }),
  usedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
});

export type Invitation = typeof invitations.$inferSelect;

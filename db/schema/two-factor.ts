import { bigint, index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './types';
import { users } from './users';

// Second factors of a person's sign-in (docs/teams.md "Two-factor sign-in"): an authenticator
// app's TOTP secret (encrypted at rest like agent keys; the last time step used, so a code is
// accepted once) and single-use recovery codes (stored as SHA-256 of the code).

export const userTotp = pgTable('user_totp', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretEncrypted: bytea().notNull(),
  /** Null until the person typed a code from the app: only then does sign-in ask for one. */
  confirmedAt: timestamp({ withTimezone: true }),
  /** The RFC 6238 time step of the last code accepted: that code, and older ones, never again. */
  lastUsedStep: bigint({ mode: 'number' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: bytea().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('user_recovery_codes_user_id_idx').on(t.userId)],
);

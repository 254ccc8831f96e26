import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './types';
import { users } from './users';

// Second factors of a person's sign-in (docs/teams.md "Two-factor sign-in"): an authenticator
// app's TOTP secret (encrypted at rest like agent keys; the last time step used, so a code is
// accepted once), single-use recovery codes (stored as SHA-256 of the code), and passkeys.

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

/** WebAuthn credentials (passkeys and security keys): a second factor, and a sign-in of their own when discoverable. */
export const userPasskeys = pgTable(
  'user_passkeys',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential id, base64url, as the authenticator gives it. */
    credentialId: varchar({ length: 1400 }).notNull(),
    publicKey: bytea().notNull(),
    /** The signature counter last seen: one that goes back means a cloned authenticator (refused). */
    counter: bigint({ mode: 'number' }).notNull().default(0),
    transports: text().array().notNull().default(sql`'{}'::text[]`),
    name: varchar({ length: 100 }).notNull(),
    /** singleDevice or multiDevice (synced passkeys) */
    deviceType: varchar({ length: 20 }).notNull(),
    backedUp: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('user_passkeys_credential_id_key').on(t.credentialId), index('user_passkeys_user_id_idx').on(t.userId)],
);

/** A WebAuthn challenge the server issued: used once (deleted by the check that reads it), 5 minutes at most. */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  challenge: varchar({ length: 200 }).primaryKey(),
  /** register / second-factor: the person it was made for; sign-in with a passkey alone: null */
  userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
  purpose: varchar({ length: 20 }).notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});

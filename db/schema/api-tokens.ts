import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { teams } from './teams';
import { bytea } from './types';
import { users } from './users';

// Management API tokens (docs/api.md): a team's, made by one of its admins, with a team role
// of viewer, responder or editor. Shown once (`wpt_` + 32 random bytes, base64url); only its
// SHA-256 is kept. A request acts as its creator with the token's role, so a token stops
// working when its creator leaves the team (lib/api/tokens.ts), and its writes are in the
// audit log under its name.
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull(),
    role: varchar({ length: 20 }).notNull(),
    tokenHash: bytea().notNull(),
    /** The admin who made it; the token acts as them (null once their account is gone: the token no longer works). */
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedIp: varchar({ length: 64 }),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_key').on(t.tokenHash),
    index('api_tokens_team_idx').on(t.teamId, t.createdAt),
    check('api_tokens_role_check', sql`${t.role} IN ('viewer', 'responder', 'editor')`),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;

// Idempotency-Key on API POSTs: the first answer to a (token, key), kept 24 hours, with a
// hash of the request it answered (the same key with another body is refused with 422).
export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    tokenId: uuid()
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    key: varchar({ length: 255 }).notNull(),
    requestHash: bytea().notNull(),
    status: integer().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull(),
    body: varchar({ length: 1_000_000 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index('api_idempotency_created_idx').on(t.createdAt)],
);

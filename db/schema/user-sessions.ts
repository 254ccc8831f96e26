import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

// Sessions are Auth.js JWT cookies naming one of these rows (docs/teams.md "Sessions"): a
// cookie is a session only while its row exists and has not ended, so signing out, "sign
// out everywhere else" and a change of password or sign-in factor end sessions for good,
// and Settings → Sessions can list where the person is signed in.
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Moved on at most once a minute by the session's requests. */
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The absolute lifetime's end (AUTH_SESSION_MAX_AGE_DAYS after sign-in). */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** The address of the last request (sign-in's at first). */
    ip: text(),
    userAgent: text(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (table) => [index('user_sessions_user_id_idx').on(table.userId)],
);

// A person's identity at the single sign-on provider (docs/teams.md "Single sign-on"): the
// provider's issuer and subject, which stay when the e-mail there changes. Made at the first
// sign-in through the provider, which links an account only by a verified e-mail.
export const userIdentities = pgTable(
  'user_identities',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text().notNull(),
    subject: text().notNull(),
    /** The e-mail the provider gave when the identity was linked. */
    email: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.issuer, table.subject] }), index('user_identities_user_id_idx').on(table.userId)],
);

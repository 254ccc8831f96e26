import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

// Sessions are JWTs; signing out must still end one for good, even if a request that was
// in flight re-sends its cookie afterwards. A signed-out session's id is listed here until
// the session could not be valid anyway (its absolute lifetime is over).
export const revokedSessions = pgTable('revoked_sessions', {
  sessionId: uuid().primaryKey(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});

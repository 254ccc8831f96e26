import { type SQL, sql } from 'drizzle-orm';

/**
 * Whether the person `userId` (a value or a column) has a second factor: a confirmed
 * authenticator app or a passkey. Sign-in, a team's two-factor policy, its API tokens and
 * its member count all ask this one question.
 */
export function hasSecondFactorSql(userId: SQL | string): SQL {
  return sql`(EXISTS (SELECT 1 FROM user_totp x WHERE x.user_id = ${userId} AND x.confirmed_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM user_passkeys k WHERE k.user_id = ${userId}))`;
}

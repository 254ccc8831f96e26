import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { incidents, revokedSessions, users } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';

// Changes a signed-in user makes to their own account. Every statement is scoped by
// ctx.userId, the session's user; nothing here takes a user id from input.

export interface AccountContext {
  userId: string;
}

/** FORBIDDEN (on `field`) unless `password` is the person's current one. */
export async function requirePassword(tx: Pick<typeof db, 'select'>, userId: string, password: string, field: string) {
  const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('FORBIDDEN', 'That is not your current password.', {
      details: [{ field, message: 'That is not your current password.' }],
    });
  }
}

/** New password; bumps session_version so every other session ends. Returns the new version (to sign this session in again). */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: AccountContext;
  input: { currentPassword: string; newPassword: string };
}): Promise<{ sessionVersion: number }> {
  await requirePassword(db, ctx.userId, input.currentPassword, 'currentPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const [changed] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, ctx.userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!changed) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  return changed;
}

/**
 * Sign out this one session for good: listed as revoked until its absolute lifetime is
 * over, so a request still in flight cannot bring it back by re-sending its cookie.
 */
export async function revokeSession({
  ctx,
  absoluteLifetimeDays,
}: {
  ctx: AccountContext & { sessionId: string };
  absoluteLifetimeDays: number;
}): Promise<void> {
  await db
    .insert(revokedSessions)
    .values({ sessionId: ctx.sessionId, expiresAt: sql`now() + make_interval(days => ${absoluteLifetimeDays})` })
    .onConflictDoNothing();
  // Forget revocations of sessions that have expired anyway.
  await db.delete(revokedSessions).where(sql`${revokedSessions.expiresAt} < now()`);
}

/** End every session of this user, this one included. */
export async function signOutEverywhere({ ctx }: { ctx: AccountContext }): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, ctx.userId));
}

/**
 * Delete the account with its personal team and everything in it (agents → monitors →
 * heartbeats, incidents), in one transaction. Refused while the person owns a shared team.
 */
export async function deleteAccount({ ctx, input }: { ctx: AccountContext; input: { password: string } }): Promise<void> {
  await requirePassword(db, ctx.userId, input.password, 'password');
  await db.transaction(async (tx) => {
    // The seed's incidents.acknowledged_by has no ON DELETE rule, so an acknowledgement by
    // this user would block the delete; the incidents themselves go with the monitors.
    await tx.update(incidents).set({ acknowledgedBy: null }).where(eq(incidents.acknowledgedBy, ctx.userId));
    // A shared team this user owns would be left without an owner.
    const owned = await tx.execute<{ name: string }>(sql`
      SELECT t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
      WHERE tm.user_id = ${ctx.userId} AND tm.role = 'owner' AND t.personal_user_id IS DISTINCT FROM ${ctx.userId} ORDER BY t.name`);
    if (owned.length > 0) {
      const message = `You own ${owned.map((team) => `“${team.name}”`).join(', ')}: hand ${owned.length === 1 ? 'it' : 'them'} over to another member or delete ${owned.length === 1 ? 'it' : 'them'} first.`;
      throw new AppError('FORBIDDEN', message, { details: [{ field: 'password', message }] });
    }
    // What this user made in other teams stays there: credited to each team's owner (the
    // seed's agents.user_id would otherwise take the agents with the account).
    for (const table of ['agents', 'notification_channels', 'status_pages', 'maintenance_windows', 'notification_events']) {
      await tx.execute(sql`
        UPDATE ${sql.identifier(table)} r SET user_id = tm.user_id FROM team_members tm
        WHERE r.user_id = ${ctx.userId} AND tm.team_id = r.team_id AND tm.role = 'owner' AND tm.user_id <> ${ctx.userId}`);
    }
    await tx.delete(users).where(eq(users.id, ctx.userId));
  });
}

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

async function requirePassword(tx: Pick<typeof db, 'select'>, userId: string, password: string, field: string) {
  const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('FORBIDDEN', 'That is not your current password.', {
      details: [{ field, message: 'That is not your current password.' }],
    });
  }
}

/** New password; bumps session_version so every other session ends. */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: AccountContext;
  input: { currentPassword: string; newPassword: string };
}): Promise<void> {
  await requirePassword(db, ctx.userId, input.currentPassword, 'currentPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, ctx.userId));
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

/** Delete the account and everything it owns (agents → monitors → heartbeats, incidents), in one transaction. */
export async function deleteAccount({ ctx, input }: { ctx: AccountContext; input: { password: string } }): Promise<void> {
  await requirePassword(db, ctx.userId, input.password, 'password');
  await db.transaction(async (tx) => {
    // The seed's incidents.acknowledged_by has no ON DELETE rule, so an acknowledgement by
    // this user would block the delete; the incidents themselves go with the monitors.
    await tx.update(incidents).set({ acknowledgedBy: null }).where(eq(incidents.acknowledgedBy, ctx.userId));
    await tx.delete(users).where(eq(users.id, ctx.userId));
  });
}

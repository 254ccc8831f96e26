import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { incidents, users } from '@/db/schema';
import { findUserAtVersion, findUserByEmail, type SessionUser } from '@/db/queries/users';
import { hashPassword, NO_PASSWORD, verifyPassword } from '@/lib/auth/password';
import { openTicket, signTicket } from '@/lib/auth/tickets';
import { AppError } from '@/lib/errors';
import { endAllSessions } from './sessions';
import { signUp } from './sign-up';

// Changes a signed-in user makes to their own account. Every statement is scoped by
// ctx.userId, the session's user; nothing here takes a user id from input.

export interface AccountContext {
  userId: string;
}

/** FORBIDDEN (on `field`) unless `password` is the person's current one. */
export async function requirePassword(tx: Pick<typeof db, 'select'>, userId: string, password: string, field: string) {
  const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  if (user.passwordHash === NO_PASSWORD) {
    const message = 'Your account has no password yet (it was made by single sign-on): set one on Settings → Account first, then confirm with it.';
    throw new AppError('FORBIDDEN', message, { details: [{ field, message }] });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('FORBIDDEN', 'That is not your current password.', {
      details: [{ field, message: 'That is not your current password.' }],
    });
  }
}

/** Whether the person has a password (an account made by single sign-on has none until they set one). */
export async function hasPassword(userId: string): Promise<boolean> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return !!user && user.passwordHash !== NO_PASSWORD;
}

/** Store a new password and end every session; the new session version (to sign this person in again). */
async function writePassword(userId: string, newPassword: string): Promise<{ sessionVersion: number }> {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    return endAllSessions(userId, tx);
  });
}

/**
 * A first password for an account that has none (made by single sign-on): it signs in with
 * it where password sign-in is on, and confirms changes that ask for it.
 */
export async function setFirstPassword({ ctx, input }: { ctx: AccountContext; input: { newPassword: string } }): Promise<{ sessionVersion: number }> {
  if (await hasPassword(ctx.userId)) throw new AppError('CONFLICT', 'You have a password already: change it with your current one.');
  return writePassword(ctx.userId, input.newPassword);
}

/** The operator's one-time link (`npm run admin -- users reset-password`): a new password; the link is void after. */
export async function resetPasswordWithLink({ token, input }: { token: string; input: { newPassword: string } }): Promise<SessionUser> {
  const ticket = openTicket('password-reset', token);
  const user = ticket ? await findUserAtVersion(ticket.u, ticket.v) : null;
  if (!user) throw new AppError('FORBIDDEN', RESET_LINK_VOID);
  const { sessionVersion } = await writePassword(user.id, input.newPassword);
  return { ...user, sessionVersion };
}

/** How long the operator's link works. */
export const RESET_LINK_HOURS = 1;

/**
 * For the operator (`npm run admin -- users reset-password|create EMAIL`): a one-time link
 * that sets the account's password and signs in, password sign-in on or off. `create` makes
 * the account first (without a password), whatever the registration mode.
 */
export async function passwordResetLink({ email, create, baseUrl }: { email: string; create: boolean; baseUrl: string }): Promise<{ url: string; expiresAt: Date }> {
  if (create) {
    await signUp({ input: { email, password: null }, via: 'operator' }).catch((error: unknown) => {
      if ((error as AppError).code === 'CONFLICT') throw new AppError('CONFLICT', `There is an account for ${email} already: \`users reset-password ${email}\` gives it a new password.`);
      throw error;
    });
  }
  const user = await findUserByEmail(email);
  if (!user) throw new AppError('NOT_FOUND', `There is no account for ${email}: \`users create ${email}\` makes one.`);
  const token = signTicket('password-reset', { u: user.id, v: user.sessionVersion }, RESET_LINK_HOURS * 3600);
  return { url: `${baseUrl}/reset-password?token=${encodeURIComponent(token)}`, expiresAt: new Date(Date.now() + RESET_LINK_HOURS * 3600_000) };
}

export const RESET_LINK_VOID = 'This link has expired or was used already. Ask the server’s operator for a new one.';

/** New password; ends every session (this one too: the caller signs it in again). Returns the new session version. */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: AccountContext;
  input: { currentPassword: string; newPassword: string };
}): Promise<{ sessionVersion: number }> {
  await requirePassword(db, ctx.userId, input.currentPassword, 'currentPassword');
  return writePassword(ctx.userId, input.newPassword);
}

/** End every session of this user, this one included. */
export async function signOutEverywhere({ ctx }: { ctx: AccountContext }): Promise<void> {
  await endAllSessions(ctx.userId);
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

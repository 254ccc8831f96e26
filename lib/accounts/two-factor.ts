import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import { and, count, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';
import { db } from '@/db';
import { hasSecondFactorSql } from '@/db/sql/two-factor';
import { userPasskeys, userRecoveryCodes, users, userTotp } from '@/db/schema';
import { decryptRowSecret, encryptRowSecret } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { AppError } from '@/lib/errors';
import { mailConfigured, sendMail } from '@/lib/mail/send';
import { log } from '@/lib/observability/log';
import { requirePassword } from './manage';
import { endOtherSessions, type SessionContext } from './sessions';

// Two-factor sign-in (docs/teams.md): an authenticator app's codes (RFC 6238: 30 s steps,
// 6 digits, SHA-1 as the apps expect; ±1 step of clock drift; each code accepted once) and
// ten single-use recovery codes, made when the first factor is turned on. Every function
// acts on ctx.userId, the session's own person.

export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

interface AccountContext {
  userId: string;
}

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({ issuer: 'Watchpost', label: email, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

const openSecret = (stored: Buffer, userId: string) => {
  const secret = decryptRowSecret(stored, userId, serverKeys().accepted);
  if (secret === null) throw new Error(`No configured server key opens the authenticator secret of user ${userId}.`);
  return secret;
};

/** The RFC 6238 step `code` belongs to (now, or one step either side), or null. */
function stepOf(totp: TOTP, code: string, now = Date.now()): number | null {
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

const normalized = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashCode = (code: string) => createHash('sha256').update(normalized(code)).digest();

async function emailOf(userId: string): Promise<string> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  return user.email;
}

/** Tell the person what changed in their sign-in (best effort: a failed mail is logged, the change stands). */
export async function tellAccountOwner(userId: string, subject: string, text: string): Promise<void> {
  if (!mailConfigured()) return;
  try {
    await sendMail({ to: await emailOf(userId), subject: `Watchpost: ${subject}`, text: `${text}\n\nIf this was not you, change your password at once and review Settings → Security.\n` });
  } catch (error) {
    log.warn('A sign-in security notice could not be mailed.', { error, userId });
  }
}

export interface TwoFactorState {
  totp: 'off' | 'pending' | 'on';
  confirmedAt: Date | null;
  passkeys: number;
  recoveryCodesLeft: number;
}

export async function twoFactorState(userId: string): Promise<TwoFactorState> {
  const [[totp], [passkeys], [codes]] = await Promise.all([
    db.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId)),
    db.select({ n: count() }).from(userPasskeys).where(eq(userPasskeys.userId, userId)),
    db.select({ left: count() }).from(userRecoveryCodes).where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt))),
  ]);
  return {
    totp: !totp ? 'off' : totp.confirmedAt ? 'on' : 'pending',
    confirmedAt: totp?.confirmedAt ?? null,
    passkeys: passkeys?.n ?? 0,
    recoveryCodesLeft: codes?.left ?? 0,
  };
}

/** Whether sign-in asks this person for a second factor: a confirmed authenticator app or a passkey. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  const [row] = await db.execute<{ yes: boolean }>(sql`SELECT ${hasSecondFactorSql(userId)} AS yes`);
  return row?.yes === true;
}

/**
 * A factor was added: every other session ends (it was signed in without it); the first
 * factor comes with recovery codes (returned to be shown once); the person is told.
 */
export async function afterFactorAdded(ctx: SessionContext, what: string): Promise<{ recoveryCodes: string[] | null }> {
  const { userId } = ctx;
  await endOtherSessions(ctx);
  const [codes] = await db.select({ n: count() }).from(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  const recoveryCodes = codes?.n ? null : await replaceRecoveryCodes(userId);
  await tellAccountOwner(userId, 'a sign-in factor was added', `${what} Signing in now asks for it after your password.`);
  return { recoveryCodes };
}

/** A factor was removed: every other session ends; with the last factor go the recovery codes; the person is told. */
export async function afterFactorRemoved(ctx: SessionContext, what: string): Promise<void> {
  const { userId } = ctx;
  await endOtherSessions(ctx);
  if (!(await hasSecondFactor(userId))) await db.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await tellAccountOwner(userId, 'a sign-in factor was removed', what);
}

/** A new secret waiting for its first code (one already turned on must be turned off first). */
export async function startTotpSetup({ ctx }: { ctx: AccountContext }): Promise<void> {
  const secret = new Secret({ size: 20 }).base32;
  const sealed = encryptRowSecret(secret, ctx.userId, serverKeys().current);
  const written = await db
    .insert(userTotp)
    .values({ userId: ctx.userId, secretEncrypted: sealed })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secretEncrypted: sealed, createdAt: sql`now()`, lastUsedStep: null }, setWhere: isNull(userTotp.confirmedAt) })
    .returning({ userId: userTotp.userId });
  if (!written.length) throw new AppError('CONFLICT', 'Your authenticator app is already on: turn it off first to set up another.');
}

/** What the setup shows: the QR code (SVG, made here) and the secret as text. */
export async function pendingTotp(userId: string): Promise<{ secret: string; uri: string; qrSvg: string } | null> {
  const [row] = await db.select().from(userTotp).where(and(eq(userTotp.userId, userId), isNull(userTotp.confirmedAt)));
  if (!row) return null;
  const secret = openSecret(row.secretEncrypted, userId);
  const uri = totpFor(secret, await emailOf(userId)).toString();
  return { secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri, qrSvg: renderSVG(uri, { border: 2 }) };
}

/** New recovery codes (the old ones stop working); shown to the person once, kept as hashes. */
async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  // 10 of 31 letters and digits that cannot be mistaken for one another: about 50 bits each.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
  await db.transaction(async (tx) => {
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
    await tx.insert(userRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashCode(code) })));
  });
  return codes;
}

/** Turn the app on with its first code; the first factor comes with recovery codes (returned once). */
export async function confirmTotp({ ctx, input }: { ctx: SessionContext; input: { code: string } }): Promise<{ recoveryCodes: string[] | null }> {
  const [row] = await db.select().from(userTotp).where(and(eq(userTotp.userId, ctx.userId), isNull(userTotp.confirmedAt)));
  if (!row) throw new AppError('NOT_FOUND', 'Start the setup again: there is no authenticator waiting for a code.');
  const step = stepOf(totpFor(openSecret(row.secretEncrypted, ctx.userId), ''), normalized(input.code));
  if (step === null) {
    const message = 'That code is not right: type the 6 digits the app shows now.';
    throw new AppError('INVALID_INPUT', message, { details: [{ field: 'code', message }] });
  }
  await db.update(userTotp).set({ confirmedAt: sql`now()`, lastUsedStep: step }).where(eq(userTotp.userId, ctx.userId));
  return afterFactorAdded(ctx, 'An authenticator app was added to your Watchpost account.');
}

/** Remove the authenticator app (the current password proves it is the person). */
export async function disableTotp({ ctx, input }: { ctx: SessionContext; input: { password: string } }): Promise<void> {
  await requirePassword(db, ctx.userId, input.password, 'password');
  await db.delete(userTotp).where(eq(userTotp.userId, ctx.userId));
  await afterFactorRemoved(ctx, 'The authenticator app was removed from your Watchpost account.');
}

export async function regenerateRecoveryCodes({ ctx, input }: { ctx: AccountContext; input: { password: string } }): Promise<string[]> {
  await requirePassword(db, ctx.userId, input.password, 'password');
  if (!(await hasSecondFactor(ctx.userId))) throw new AppError('CONFLICT', 'Add an authenticator app or a passkey first: recovery codes stand in for them.');
  return replaceRecoveryCodes(ctx.userId);
}

/**
 * The second step of a sign-in: an authenticator code not used before (its step must be
 * newer than the last accepted, claimed in one statement so two requests cannot both use
 * it) or an unused recovery code (used up by the same statement that checks it).
 */
export async function useSecondFactor(userId: string, code: unknown): Promise<'totp' | 'recovery' | null> {
  if (typeof code !== 'string' || code.length > 40) return null;
  const text = normalized(code);
  if (/^\d{6}$/.test(text)) {
    const [row] = await db.select().from(userTotp).where(and(eq(userTotp.userId, userId), isNotNull(userTotp.confirmedAt)));
    if (!row) return null;
    const step = stepOf(totpFor(openSecret(row.secretEncrypted, userId), ''), text);
    if (step === null) return null;
    const claimed = await db
      .update(userTotp)
      .set({ lastUsedStep: step })
      .where(and(eq(userTotp.userId, userId), or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step))))
      .returning({ userId: userTotp.userId });
    return claimed.length ? 'totp' : null;
  }
  if (!/^[a-z0-9]{10}$/.test(text)) return null;
  const used = await db
    .update(userRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, hashCode(text)), isNull(userRecoveryCodes.usedAt)))
    .returning({ id: userRecoveryCodes.id });
  if (!used.length) return null;
  const { recoveryCodesLeft } = await twoFactorState(userId);
  await tellAccountOwner(userId, 'a recovery code was used', `A recovery code was used to sign in to your Watchpost account. ${recoveryCodesLeft} of ${RECOVERY_CODE_COUNT} are left; Settings → Security makes new ones.`);
  return 'recovery';
}

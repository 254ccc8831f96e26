import 'server-only';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { db } from '@/db';
import { userPasskeys, users, webauthnChallenges } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { servedOrigin } from '@/lib/http/same-origin';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/observability/log';
import { requirePassword } from './manage';
import type { SessionContext } from './sessions';
import { afterFactorAdded, afterFactorRemoved, tellAccountOwner } from './two-factor';

// Passkeys and security keys (WebAuthn, @simplewebauthn/server): several per person, named,
// with their last use. One is a second factor after the password; being discoverable (a
// resident key), it also signs in alone, with user verification (the device's PIN or
// biometrics) standing in for the password. Every challenge is the server's, stored, used
// once and for 5 minutes; the origin and RP ID are checked; a signature counter that goes
// back (a cloned authenticator) is refused and the person told.

const CHALLENGE_SECONDS = 5 * 60;
type Purpose = 'register' | 'sign-in' | 'second-factor';

export interface RelyingParty {
  /** The host name passkeys are bound to: WATCHPOST_PUBLIC_URL's, else the one the browser used. */
  rpID: string;
  /** The page's origin the browser reports. */
  origin: string;
}

/** Who the browser thinks it talks to: WATCHPOST_PUBLIC_URL when set, else the request's host (through a proxy, its forwarded host and scheme). */
export function relyingPartyOf(headers: Headers): RelyingParty {
  const publicUrl = getEnv().WATCHPOST_PUBLIC_URL;
  if (publicUrl) {
    const url = new URL(publicUrl);
    return { rpID: url.hostname, origin: url.origin };
  }
  const origin = servedOrigin(headers);
  return { rpID: new URL(origin).hostname, origin };
}

async function issueChallenge(challenge: string, purpose: Purpose, userId: string | null): Promise<void> {
  await db.delete(webauthnChallenges).where(sql`${webauthnChallenges.expiresAt} < now()`);
  await db.insert(webauthnChallenges).values({ challenge, purpose, userId, expiresAt: sql`now() + make_interval(secs => ${CHALLENGE_SECONDS})` });
}

const refused = (message: string) => new AppError('FORBIDDEN', message);

/** The challenge a response answers, used up now: a reused, expired or foreign one is refused. */
async function takeChallenge(clientDataJSON: unknown, purpose: Purpose, userId: string | null): Promise<string> {
  let challenge: unknown;
  try {
    challenge = (JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
  } catch {
    challenge = null;
  }
  if (typeof challenge !== 'string' || challenge.length > 200) throw refused('That passkey answer is not one this server asked for.');
  const [taken] = await db
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.challenge, challenge), eq(webauthnChallenges.purpose, purpose), gt(webauthnChallenges.expiresAt, sql`now()`)))
    .returning({ userId: webauthnChallenges.userId });
  if (!taken || taken.userId !== userId) throw refused('That passkey request expired or was used already: try again.');
  return challenge;
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  synced: boolean;
}

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db.select().from(userPasskeys).where(eq(userPasskeys.userId, userId)).orderBy(asc(userPasskeys.createdAt));
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, synced: row.backedUp }));
}

export async function passkeyRegistrationOptions({ ctx, rp }: { ctx: { userId: string }; rp: RelyingParty }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId));
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  const existing = await db.select({ id: userPasskeys.credentialId, transports: userPasskeys.transports }).from(userPasskeys).where(eq(userPasskeys.userId, ctx.userId));
  const options = await generateRegistrationOptions({
    rpName: 'Watchpost',
    rpID: rp.rpID,
    userID: new TextEncoder().encode(ctx.userId),
    userName: user.email,
    attestationType: 'none',
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: key.transports as AuthenticatorTransport[] })),
    // Discoverable, so it can sign in without an e-mail typed.
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await issueChallenge(options.challenge, 'register', ctx.userId);
  return options;
}

/** Keep a new passkey under `name`; the first second factor comes with recovery codes (returned once). */
export async function finishPasskeyRegistration({
  ctx,
  rp,
  input,
}: {
  ctx: SessionContext;
  rp: RelyingParty;
  input: { name: string; response: RegistrationResponseJSON };
}): Promise<{ recoveryCodes: string[] | null }> {
  const challenge = await takeChallenge(input.response?.response?.clientDataJSON, 'register', ctx.userId);
  let verification;
  try {
    verification = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false });
  } catch (error) {
    throw refused(`The passkey was not accepted: ${(error as Error).message}`);
  }
  if (!verification.verified) throw refused('The passkey was not accepted.');
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const inserted = await db
    .insert(userPasskeys)
    .values({
      userId: ctx.userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: input.name,
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
    })
    .onConflictDoNothing()
    .returning({ id: userPasskeys.id });
  if (!inserted.length) throw new AppError('CONFLICT', 'This passkey is already registered.');
  return afterFactorAdded(ctx, `A passkey (“${input.name}”) was added to your Watchpost account.`);
}

/** Options to sign in with a passkey: any of the site's (alone) or one of this person's (second factor). */
export async function passkeySignInOptions({ rp, userId }: { rp: RelyingParty; userId: string | null }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed = userId ? await db.select({ id: userPasskeys.credentialId, transports: userPasskeys.transports }).from(userPasskeys).where(eq(userPasskeys.userId, userId)) : [];
  if (userId && !allowed.length) throw new AppError('NOT_FOUND', 'You have no passkey: use a code instead.');
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: allowed.map((key) => ({ id: key.id, transports: key.transports as AuthenticatorTransport[] })),
    userVerification: userId ? 'preferred' : 'required',
  });
  await issueChallenge(options.challenge, userId ? 'second-factor' : 'sign-in', userId);
  return options;
}

/**
 * Check a passkey's answer: for the second factor it must be one of `userId`'s passkeys;
 * alone (userId null) it must have verified the user. Returns the person it belongs to.
 */
export async function verifyPasskeySignIn({ rp, userId, response }: { rp: RelyingParty; userId: string | null; response: AuthenticationResponseJSON }): Promise<string> {
  const challenge = await takeChallenge(response?.response?.clientDataJSON, userId ? 'second-factor' : 'sign-in', userId);
  const [key] = typeof response.id === 'string' ? await db.select().from(userPasskeys).where(eq(userPasskeys.credentialId, response.id)) : [];
  if (!key) throw refused('That passkey is not (or no longer) registered with Watchpost.');
  if (userId && key.userId !== userId) throw refused('That passkey belongs to another account.');
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: key.credentialId, publicKey: new Uint8Array(key.publicKey), counter: key.counter, transports: key.transports as AuthenticatorTransport[] },
      requireUserVerification: userId === null,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/counter/i.test(message)) {
      log.warn('A passkey answered with a signature counter lower than before: refused (a cloned authenticator?).', { userId: key.userId, passkeyId: key.id });
      await tellAccountOwner(key.userId, 'a passkey was refused', `A sign-in with your passkey “${key.name}” was refused: its signature counter went backwards, which a copied authenticator does. Remove that passkey if you do not know why.`);
    }
    throw refused(`The passkey was not accepted: ${message}`);
  }
  if (!verification.verified) throw refused('The passkey was not accepted.');
  await db.update(userPasskeys).set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: sql`now()` }).where(eq(userPasskeys.id, key.id));
  return key.userId;
}

export async function renamePasskey({ ctx, input }: { ctx: { userId: string }; input: { id: string; name: string } }): Promise<void> {
  const renamed = await db.update(userPasskeys).set({ name: input.name }).where(and(eq(userPasskeys.id, input.id), eq(userPasskeys.userId, ctx.userId))).returning({ id: userPasskeys.id });
  if (!renamed.length) throw new AppError('NOT_FOUND', 'That passkey does not exist.');
}

/** Remove a passkey (the password proves it is the person); the last factor takes the recovery codes with it. */
export async function removePasskey({ ctx, input }: { ctx: SessionContext; input: { id: string; password: string } }): Promise<void> {
  await requirePassword(db, ctx.userId, input.password, 'password');
  const [removed] = await db.delete(userPasskeys).where(and(eq(userPasskeys.id, input.id), eq(userPasskeys.userId, ctx.userId))).returning({ name: userPasskeys.name });
  if (!removed) throw new AppError('NOT_FOUND', 'That passkey does not exist.');
  await afterFactorRemoved(ctx, `The passkey “${removed.name}” was removed from your Watchpost account.`);
}

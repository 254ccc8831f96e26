import 'server-only';
import { and, eq, or, sql } from 'drizzle-orm';
import { db } from '@/db';
import { findUserByEmail, findUserById, type SessionUser } from '@/db/queries/users';
import { teamMembers, teams, userIdentities } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { getEnv } from '@/lib/env';
import { isUuid } from '@/lib/ids';
import { log } from '@/lib/observability/log';
import { signUp } from './sign-up';
import { tellAccountOwner } from './two-factor';

// Single sign-on with OpenID Connect (docs/teams.md "Single sign-on"): the provider's verified
// identity becomes a Watchpost account. Auth.js runs the protocol (authorization code with
// PKCE, state and nonce; the ID token's signature, issuer, audience and expiry); this file
// decides who that identity is here.

/** Auth.js's id of the provider: its callback is /api/auth/callback/oidc (the redirect URI to register). */
export const SSO_PROVIDER_ID = 'oidc';

/** Whether single sign-on is configured. */
export function ssoConfigured(): boolean {
  return Boolean(getEnv().WATCHPOST_OIDC_ISSUER);
}

/** The ID token's claims this needs. */
export interface SsoClaims {
  iss: string;
  sub: string;
  email?: unknown;
  email_verified?: unknown;
}

export type SsoRefusal = 'unverified' | 'not_allowed';

export type SsoResult = { ok: true; user: Pick<SessionUser, 'id' | 'email' | 'sessionVersion'> } | { ok: false; reason: SsoRefusal };

const signedInAs = ({ id, email, sessionVersion }: SessionUser): SsoResult => ({ ok: true, user: { id, email, sessionVersion } });

/** What the login page says for each refusal. */
export const SSO_REFUSALS: Record<SsoRefusal, string> = {
  unverified: 'Your identity provider did not confirm your e-mail address, so it cannot sign you in to Watchpost. Ask its administrator to verify the address.',
  not_allowed: 'There is no Watchpost account for this e-mail address, and this server does not make one for it. Ask an administrator to invite you.',
};

/**
 * The account an identity signs in to:
 * 1. the one it was linked to before (by issuer and subject: a new e-mail at the provider keeps it);
 * 2. else, with a verified e-mail only, the account with that e-mail, now linked (its owner is told);
 * 3. else a new account, if signUp admits it (registration open, the e-mail's domain in
 *    WATCHPOST_OIDC_ALLOWED_DOMAINS, or the instance's first account).
 */
export async function resolveSsoUser(claims: SsoClaims): Promise<SsoResult> {
  const [linked] = await db
    .update(userIdentities)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(userIdentities.issuer, claims.iss), eq(userIdentities.subject, claims.sub)))
    .returning({ userId: userIdentities.userId });
  const user = linked ? await findUserById(linked.userId) : null;
  if (user) return signedInAs(user);

  if (typeof claims.email !== 'string' || claims.email_verified !== true) return { ok: false, reason: 'unverified' };
  const email = claims.email.trim().toLowerCase();
  const identity = { issuer: claims.iss, subject: claims.sub, email };

  const existing = await findUserByEmail(email);
  if (existing) {
    await db.insert(userIdentities).values({ ...identity, userId: existing.id }).onConflictDoNothing();
    await tellAccountOwner(existing.id, 'single sign-on was linked', `Your Watchpost account was signed in to through single sign-on (${claims.iss}) for the first time; from now on that sign-in leads to this account.`);
    return signedInAs(existing);
  }

  try {
    // No password: the account signs in through the provider (Settings can give it one).
    const created = await signUp({ input: { email, password: null }, via: 'sso' });
    await db.insert(userIdentities).values({ ...identity, userId: created.id });
    await joinDefaultTeam(created.id, email);
    return { ok: true, user: { id: created.id, email, sessionVersion: 0 } };
  } catch (error) {
    if ((error as { code?: string }).code === 'FORBIDDEN') return { ok: false, reason: 'not_allowed' };
    throw error;
  }
}

/** WATCHPOST_OIDC_DEFAULT_TEAM: a new account made by single sign-on joins it as a viewer. */
async function joinDefaultTeam(userId: string, email: string): Promise<void> {
  const wanted = getEnv().WATCHPOST_OIDC_DEFAULT_TEAM;
  if (!wanted) return;
  const found = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`${teams.personalUserId} IS NULL`, isUuid(wanted) ? or(eq(teams.id, wanted), eq(teams.name, wanted)) : eq(teams.name, wanted)));
  if (found.length !== 1) {
    log.warn('WATCHPOST_OIDC_DEFAULT_TEAM names no single shared team: the new account joined none.', { team: wanted, matches: found.length });
    return;
  }
  const teamId = found[0]!.id;
  await db.transaction(async (tx) => {
    const [joined] = await tx.insert(teamMembers).values({ teamId, userId, role: 'viewer' }).onConflictDoNothing().returning({ userId: teamMembers.userId });
    if (joined) await recordAudit(tx, { userId, teamId, role: 'viewer' }, { action: 'joined', kind: 'member', id: userId, label: `${email} as viewer, by single sign-on` });
  });
}

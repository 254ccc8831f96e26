import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { users } from '@/db/schema';
import { hashPassword, NO_PASSWORD } from '@/lib/auth/password';
import { getEnv, registrationMode } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { redeemTeamInvitation } from '@/lib/teams/invitations';
import { markConverted, redeemInvitation } from '@/lib/waitlist/invitations';

// Serializes sign-ups that check "is this the instance's first account?".
const FIRST_ACCOUNT_LOCK = 727_010;

export const REGISTRATION_REFUSED = {
  invite: 'Watchpost is in private beta here: new accounts need an invitation. Join the waitlist and we will send you one.',
  closed: 'This Watchpost server does not accept new accounts.',
} as const;

export const PASSWORD_SIGN_UP_OFF = 'Accounts here are made by single sign-on: use the sign-in page’s single sign-on button.';

/**
 * Create an account on the free plan, if the registration mode lets this person in: open
 * to all, by invitation (`invite` is the token from the waitlist's link, `join` from a team's),
 * or closed to everyone (the operator's CLI makes accounts whatever it says); single sign-on (`via: 'sso'`) also admits the e-mail domains of
 * WATCHPOST_OIDC_ALLOWED_DOMAINS, and WATCHPOST_PASSWORD_LOGIN=false leaves it the only way.
 * The first account of an empty instance, the operator's, can always be made. The e-mail
 * is already trimmed and lower-cased.
 */
export async function signUp({
  input,
  via = 'password',
}: {
  /** password null: an account without one (single sign-on, the operator's), until a reset link sets it */
  input: { email: string; password: string | null; invite?: string; join?: string };
  via?: 'password' | 'sso' | 'operator';
}): Promise<{ id: string; joinedTeamId?: string }> {
  const env = getEnv();
  if (via === 'password' && !env.WATCHPOST_PASSWORD_LOGIN) throw new AppError('FORBIDDEN', PASSWORD_SIGN_UP_OFF);
  const mode = registrationMode();
  const domainAdmitted = via === 'sso' && env.WATCHPOST_OIDC_ALLOWED_DOMAINS.includes(input.email.slice(input.email.lastIndexOf('@') + 1));
  const passwordHash = input.password === null ? NO_PASSWORD : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Closed means closed, invitation or not; by invitation, a link (the waitlist's, or a
    // team's) is the way in.
    if (via !== 'operator' && !domainAdmitted && (mode === 'closed' || (mode === 'invite' && !input.invite && !input.join))) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK})`);
      const [anyone] = await tx.select({ id: users.id }).from(users).limit(1);
      if (anyone) throw new AppError('FORBIDDEN', REGISTRATION_REFUSED[mode]);
    }
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, passwordHash, plan: 'free' })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!created) {
      throw new AppError('CONFLICT', 'An account with this e-mail already exists. Sign in instead.', {
        details: [{ field: 'email', message: 'An account with this e-mail already exists. Sign in instead.' }],
      });
    }
    if (input.invite) await redeemInvitation(tx, { token: input.invite, email: input.email, userId: created.id });
    const joined = input.join ? await redeemTeamInvitation(tx, { token: input.join, email: input.email, userId: created.id }) : undefined;
    await markConverted(tx, { email: input.email, userId: created.id });
    return { id: created.id, joinedTeamId: joined?.teamId };
  });
}

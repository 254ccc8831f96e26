'use server';

import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { findUserAtVersion, findUserById } from '@/db/queries/users';
import { passkeySignInOptions as passkeySignInOptionsFor, relyingPartyOf, verifyPasskeySignIn } from '@/lib/accounts/passkeys';
import { loginSchema, passkeySignInSchema, secondStepSchema } from '@/lib/accounts/schemas';
import { failure, publicAction } from '@/lib/actions/safe-action';
import { signIn, signInAs } from '@/lib/auth';
import { LoginRefused, SecondFactorNeeded } from '@/lib/auth/config';
import { safeNextPath } from '@/lib/auth/redirect';
import { clearSecondStepMarker, secondStepMarker, setSecondStepMarker } from '@/lib/auth/second-step';
import { openTicket } from '@/lib/auth/tickets';
import { SSO_PROVIDER_ID } from '@/lib/accounts/sso';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { inTime } from '@/lib/time';

const INVALID = 'Incorrect e-mail or password.';
const PASSWORD_LOGIN_OFF = 'Signing in with a password or a passkey is turned off here: use single sign-on.';

/**
 * Single sign-on: off to the identity provider (Auth.js makes the PKCE verifier, state and
 * nonce). A provider that cannot be reached brings the person back to /login?error=….
 */
export const startSingleSignOn = publicAction(z.object({ next: z.string().max(2000).optional() }), async (input) => {
  await signIn(SSO_PROVIDER_ID, { redirectTo: safeNextPath(input.next) });
  return null;
});

export const logIn = publicAction(loginSchema, async (input, { formData }) => {
  try {
    // Redirects (throws NEXT_REDIRECT) on success.
    await signIn('credentials', { email: input.email, password: input.password, redirectTo: safeNextPath(input.next) });
  } catch (error) {
    if (error instanceof SecondFactorNeeded) {
      await setSecondStepMarker(error.marker);
      redirect(`/login/verify${input.next ? `?next=${encodeURIComponent(safeNextPath(input.next))}` : ''}`);
    }
    if (error instanceof LoginRefused && error.reason === 'throttled') {
      return failure(formData, {
        formError: `Too many failed sign-ins. Try again ${inTime(error.retryAfterSeconds)}.`,
      });
    }
    if (error instanceof LoginRefused && error.reason === 'password_off') return failure(formData, { formError: PASSWORD_LOGIN_OFF });
    if (error instanceof AuthError && error.type === 'CredentialsSignin') return failure(formData, { formError: INVALID });
    throw error;
  }
  return null;
});

/** The second step: an authenticator or recovery code with the marker the password step left. */
export const verifySecondStep = publicAction(secondStepSchema, async (input, { formData }) => {
  try {
    await signIn('credentials', { marker: (await secondStepMarker()) ?? '', code: input.code, redirectTo: safeNextPath(input.next) });
  } catch (error) {
    if (error instanceof LoginRefused && error.reason === 'expired') {
      await clearSecondStepMarker();
      redirect('/login?notice=second-step-expired');
    }
    if (error instanceof LoginRefused && error.reason === 'throttled') {
      return failure(formData, { formError: `Too many wrong codes. Try again ${inTime(error.retryAfterSeconds)}.` });
    }
    if (error instanceof AuthError && error.type === 'CredentialsSignin') {
      return failure(formData, { fieldErrors: { code: 'That code is not right, or it was used already.' } });
    }
    // Signed in (signIn redirects by throwing), or an error: either way this marker is done.
    await clearSecondStepMarker();
    throw error;
  }
  return null;
});

/** Options for "Sign in with a passkey" (any passkey of this site; the device verifies the person). */
export const passkeySignInOptions = publicAction(z.object({}), async () => {
  if (!getEnv().WATCHPOST_PASSWORD_LOGIN) return { ok: false, formError: PASSWORD_LOGIN_OFF };
  const options = await passkeySignInOptionsFor({ rp: relyingPartyOf(await headers()), userId: null });
  return { ok: true, data: { options } };
});

/** A passkey alone signs in: the person it belongs to, by a ticket made and used here. */
export const passkeySignIn = publicAction(passkeySignInSchema, async (input, { formData }) => {
  if (!getEnv().WATCHPOST_PASSWORD_LOGIN) return failure(formData, { formError: PASSWORD_LOGIN_OFF });
  let user;
  try {
    const userId = await verifyPasskeySignIn({ rp: relyingPartyOf(await headers()), userId: null, response: input.response });
    user = await findUserById(userId);
  } catch (error) {
    if (error instanceof AppError) return failure(formData, { formError: error.message });
    throw error;
  }
  if (!user) return failure(formData, { formError: 'That passkey’s account no longer exists.' });
  return signInAs(user, safeNextPath(input.next));
});

/** Options for the second step with a passkey: one of the half-signed-in person's. */
export const secondStepPasskeyOptions = publicAction(z.object({}), async () => {
  const marker = openTicket('second-factor', await secondStepMarker());
  if (!marker) return { ok: false, formError: 'That sign-in took too long: sign in again.' };
  try {
    return { ok: true, data: { options: await passkeySignInOptionsFor({ rp: relyingPartyOf(await headers()), userId: marker.u }) } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, formError: error.message };
    throw error;
  }
});

/** The second step with a passkey of the person whose password was right. */
export const secondStepPasskey = publicAction(passkeySignInSchema, async (input, { formData }) => {
  const marker = openTicket('second-factor', await secondStepMarker());
  const user = marker ? await findUserAtVersion(marker.u, marker.v) : null;
  if (!marker || !user) return failure(formData, { formError: 'That sign-in took too long: sign in again.' });
  try {
    await verifyPasskeySignIn({ rp: relyingPartyOf(await headers()), userId: user.id, response: input.response });
  } catch (error) {
    if (error instanceof AppError) return failure(formData, { formError: error.message });
    throw error;
  }
  await clearSecondStepMarker();
  return signInAs(user, safeNextPath(input.next));
});

'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { loginSchema, secondStepSchema } from '@/lib/accounts/schemas';
import { failure, publicAction } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth';
import { LoginRefused, SecondFactorNeeded } from '@/lib/auth/config';
import { safeNextPath } from '@/lib/auth/redirect';
import { clearSecondStepMarker, secondStepMarker, setSecondStepMarker } from '@/lib/auth/second-step';
import { inTime } from '@/lib/time';

const INVALID = 'Incorrect e-mail or password.';

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

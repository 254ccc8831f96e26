'use server';

import { AuthError } from 'next-auth';
import { loginSchema } from '@/lib/accounts/schemas';
import { failure, publicAction } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth';
import { LoginRefused } from '@/lib/auth/config';
import { safeNextPath } from '@/lib/auth/redirect';
import { inTime } from '@/lib/time';

const INVALID = 'Incorrect e-mail or password.';

export const logIn = publicAction(loginSchema, async (input, { formData }) => {
  try {
    // Redirects (throws NEXT_REDIRECT) on success.
    await signIn('credentials', { email: input.email, password: input.password, redirectTo: safeNextPath(input.next) });
  } catch (error) {
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

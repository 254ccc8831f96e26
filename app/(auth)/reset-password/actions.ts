'use server';

import { resetPasswordWithLink } from '@/lib/accounts/manage';
import { resetPasswordSchema } from '@/lib/accounts/schemas';
import { failure, publicAction } from '@/lib/actions/safe-action';
import { signInAs } from '@/lib/auth';
import { AppError } from '@/lib/errors';

/** The operator's one-time link: a new password, then signed in (every other session ends). */
export const resetPasswordAction = publicAction(resetPasswordSchema, async (input, { formData }) => {
  let user;
  try {
    user = await resetPasswordWithLink({ token: input.token, input });
  } catch (error) {
    if (error instanceof AppError) return failure(formData, { formError: error.message });
    throw error;
  }
  return signInAs(user, '/settings?notice=password-set');
});

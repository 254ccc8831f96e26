'use server';

import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { publicAction } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth';
import { DEFAULT_AFTER_LOGIN } from '@/lib/auth/redirect';

export const signUpAction = publicAction(
  signUpSchema,
  async (input) => {
    await signUp({ input });
    // Signing up signs you in; redirects (throws NEXT_REDIRECT).
    await signIn('credentials', { email: input.email, password: input.password, redirectTo: DEFAULT_AFTER_LOGIN });
    return null;
  },
  { limitPerIp: true },
);

'use server';

import { cookies } from 'next/headers';
import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { publicAction } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth';
import { DEFAULT_AFTER_LOGIN } from '@/lib/auth/redirect';
import { TEAM_COOKIE } from '@/lib/auth/session';
import { teamCookieOptions } from '@/lib/teams/switching';

export const signUpAction = publicAction(
  signUpSchema,
  async (input) => {
    const { joinedTeamId } = await signUp({ input });
    // Joined through a team's invitation: start in that team.
    if (joinedTeamId) (await cookies()).set(TEAM_COOKIE, joinedTeamId, teamCookieOptions());
    // Signing up signs you in; redirects (throws NEXT_REDIRECT).
    await signIn('credentials', { email: input.email, password: input.password, redirectTo: DEFAULT_AFTER_LOGIN });
    return null;
  },
  { limitPerIp: true },
);

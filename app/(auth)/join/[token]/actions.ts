'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedAction } from '@/lib/actions/safe-action';
import { TEAM_COOKIE } from '@/lib/auth/session';
import { acceptTeamInvitation } from '@/lib/teams/invitations';
import { teamCookieOptions } from '@/lib/teams/switching';

export const acceptInvitationAction = authedAction(z.object({ token: z.string().min(1).max(200) }), async (input, { user }) => {
  const { teamId } = await acceptTeamInvitation({ token: input.token, userId: user.id, email: user.email });
  (await cookies()).set(TEAM_COOKIE, teamId, teamCookieOptions());
  redirect('/dashboard');
});

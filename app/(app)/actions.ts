'use server';

import { z } from 'zod';
import { revokeSession } from '@/lib/accounts/manage';
import { authedAction } from '@/lib/actions/safe-action';
import { signOut } from '@/lib/auth';
import { getEnv } from '@/lib/env';

export const signOutAction = authedAction(z.object({}), async (_input, { user }) => {
  await revokeSession({
    ctx: { userId: user.id, sessionId: user.sessionId },
    absoluteLifetimeDays: getEnv().AUTH_SESSION_MAX_AGE_DAYS,
  });
  await signOut({ redirectTo: '/login' });
  return null;
});

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { revokeSession } from '@/lib/accounts/manage';
import { authedAction, teamAction } from '@/lib/actions/safe-action';
import { signOut } from '@/lib/auth';
import { getEnv } from '@/lib/env';
import { dismissNotice, dismissNoticeSchema } from '@/lib/plans/dismiss';

export const signOutAction = authedAction(z.object({}), async (_input, { user }) => {
  await revokeSession({
    ctx: { userId: user.id, sessionId: user.sessionId },
    absoluteLifetimeDays: getEnv().AUTH_SESSION_MAX_AGE_DAYS,
  });
  await signOut({ redirectTo: '/login' });
  return null;
});

export const dismissUsageNoticeAction = teamAction(dismissNoticeSchema, async (input, { ctx }) => {
  await dismissNotice({ ctx, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: undefined };
});

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endSession } from '@/lib/accounts/sessions';
import { authedAction, teamAction } from '@/lib/actions/safe-action';
import { signOut } from '@/lib/auth';
import { dismissNotice, dismissNoticeSchema } from '@/lib/plans/dismiss';

export const signOutAction = authedAction(z.object({}), async (_input, { user }) => {
  await endSession({ userId: user.id, sessionId: user.sessionId });
  await signOut({ redirectTo: '/login' });
  return null;
});

export const dismissUsageNoticeAction = teamAction(dismissNoticeSchema, async (input, { ctx }) => {
  await dismissNotice({ ctx, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: undefined };
});

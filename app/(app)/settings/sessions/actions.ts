'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endSessionSchema } from '@/lib/accounts/schemas';
import { endOtherSession, endOtherSessions } from '@/lib/accounts/sessions';
import { authedAction } from '@/lib/actions/safe-action';

const PAGE = '/settings/sessions';

export const endOtherSessionAction = authedAction(endSessionSchema, async (input, { user }) => {
  await endOtherSession({ ctx: { userId: user.id, sessionId: user.sessionId }, input });
  revalidatePath(PAGE);
  return { ok: true, data: undefined };
});

export const endOtherSessionsAction = authedAction(z.object({}), async (_input, { user }) => {
  const ended = await endOtherSessions({ userId: user.id, sessionId: user.sessionId });
  revalidatePath(PAGE);
  return { ok: true, data: { ended } };
});

'use server';

import { z } from 'zod';
import { changePassword, deleteAccount, setFirstPassword, signOutEverywhere } from '@/lib/accounts/manage';
import { changePasswordSchema, confirmWithPasswordSchema, setPasswordSchema } from '@/lib/accounts/schemas';
import { authedAction } from '@/lib/actions/safe-action';
import { signInAs, signOut } from '@/lib/auth';

export const changePasswordAction = authedAction(changePasswordSchema, async (input, { user }) => {
  const { sessionVersion } = await changePassword({ ctx: { userId: user.id }, input });
  // Every session, this one included, was just revoked; sign this one in again (with a
  // ticket: the password alone would stop at the second step of a person who has one).
  return signInAs({ id: user.id, sessionVersion }, '/settings?notice=password');
});

export const setFirstPasswordAction = authedAction(setPasswordSchema, async (input, { user }) => {
  const { sessionVersion } = await setFirstPassword({ ctx: { userId: user.id }, input });
  return signInAs({ id: user.id, sessionVersion }, '/settings?notice=password-set');
});

export const signOutEverywhereAction = authedAction(z.object({}), async (_input, { user }) => {
  await signOutEverywhere({ ctx: { userId: user.id } });
  await signOut({ redirectTo: '/login?notice=everywhere' });
  return null;
});

export const deleteAccountAction = authedAction(confirmWithPasswordSchema, async (input, { user }) => {
  await deleteAccount({ ctx: { userId: user.id }, input });
  await signOut({ redirectTo: '/login?notice=deleted' });
  return null;
});

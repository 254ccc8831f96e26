'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { finishPasskeyRegistration, passkeyRegistrationOptions, relyingPartyOf, removePasskey } from '@/lib/accounts/passkeys';
import { addPasskeySchema, confirmWithPasswordSchema, removePasskeySchema, totpCodeSchema } from '@/lib/accounts/schemas';
import { confirmTotp, disableTotp, regenerateRecoveryCodes, startTotpSetup } from '@/lib/accounts/two-factor';
import { authedAction } from '@/lib/actions/safe-action';

const PAGE = '/settings/security';

export const startTotpSetupAction = authedAction(z.object({}), async (_input, { user }) => {
  await startTotpSetup({ ctx: { userId: user.id } });
  revalidatePath(PAGE);
  return { ok: true, data: undefined };
});

export const confirmTotpAction = authedAction(totpCodeSchema, async (input, { user }) => {
  const { recoveryCodes } = await confirmTotp({ ctx: { userId: user.id, sessionId: user.sessionId }, input });
  // No revalidation: the setup stays on screen, replaced by the codes until the person is done.
  return { ok: true, data: { recoveryCodes } };
});

export const disableTotpAction = authedAction(confirmWithPasswordSchema, async (input, { user }) => {
  await disableTotp({ ctx: { userId: user.id, sessionId: user.sessionId }, input });
  revalidatePath(PAGE);
  return { ok: true, data: undefined };
});

export const regenerateRecoveryCodesAction = authedAction(confirmWithPasswordSchema, async (input, { user }) => {
  const recoveryCodes = await regenerateRecoveryCodes({ ctx: { userId: user.id }, input });
  revalidatePath(PAGE);
  return { ok: true, data: { recoveryCodes } };
});

export const passkeyOptionsAction = authedAction(z.object({}), async (_input, { user }) => {
  const options = await passkeyRegistrationOptions({ ctx: { userId: user.id }, rp: relyingPartyOf(await headers()) });
  return { ok: true, data: { options } };
});

export const addPasskeyAction = authedAction(addPasskeySchema, async (input, { user }) => {
  const { recoveryCodes } = await finishPasskeyRegistration({ ctx: { userId: user.id, sessionId: user.sessionId }, rp: relyingPartyOf(await headers()), input: { name: input.name, response: input.response } });
  revalidatePath(PAGE);
  return { ok: true, data: { recoveryCodes } };
});

export const removePasskeyAction = authedAction(removePasskeySchema, async (input, { user }) => {
  await removePasskey({ ctx: { userId: user.id, sessionId: user.sessionId }, input: { id: input.passkeyId, password: input.password } });
  revalidatePath(PAGE);
  return { ok: true, data: undefined };
});

'use server';

import { revalidatePath } from 'next/cache';
import { teamAction } from '@/lib/actions/safe-action';
import { apiTokenRefSchema, createApiTokenSchema, expiryOf } from '@/lib/api/token-schemas';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';

const PAGE = '/settings/api-tokens';

export const createApiTokenAction = teamAction(createApiTokenSchema, async (input, { ctx }) => {
  const created = await createApiToken({ ctx, input: { name: input.name, role: input.role, expiresAt: expiryOf(input.expires) } });
  revalidatePath(PAGE);
  return { ok: true, data: { token: created.token, name: input.name } };
});

export const revokeApiTokenAction = teamAction(apiTokenRefSchema, async (input, { ctx }) => {
  await revokeApiToken({ ctx, input: { id: input.tokenId } });
  revalidatePath(PAGE);
  return { ok: true, data: undefined };
});

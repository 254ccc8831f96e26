'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { teamAction } from '@/lib/actions/safe-action';
import { createSlo, deleteSlo, updateSlo } from '@/lib/slo/manage';
import { deleteSloSchema, sloFormSchema, updateSloFormSchema } from '@/lib/slo/schemas';

export const createSloAction = teamAction(sloFormSchema, async (input, { ctx }) => {
  const { id } = await createSlo({ ctx, input });
  revalidatePath('/slos');
  return { ok: true, data: { sloId: id, name: input.name } };
});

export const updateSloAction = teamAction(updateSloFormSchema, async (input, { ctx }) => {
  await updateSlo({ ctx, input });
  revalidatePath('/slos', 'layout');
  return { ok: true, data: { sloId: input.sloId, name: input.name } };
});

export const deleteSloAction = teamAction(deleteSloSchema, async (input, { ctx }) => {
  await deleteSlo({ ctx, input });
  revalidatePath('/slos', 'layout');
  redirect('/slos?notice=deleted');
});

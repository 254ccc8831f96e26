'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { type ActionState, authedAction } from '@/lib/actions/safe-action';
import { createMaintenance, deleteMaintenance, endMaintenanceNow, extendMaintenance, updateMaintenance } from '@/lib/maintenance/manage';
import { deleteMaintenanceSchema, extendMaintenanceSchema, maintenanceFormSchema, updateMaintenanceSchema, windowRefSchema } from '@/lib/maintenance/schemas';

export const createMaintenanceAction = authedAction(maintenanceFormSchema, async (input, { user }): Promise<ActionState<{ saved: boolean }>> => {
  const created = await createMaintenance({ ctx: { userId: user.id }, input });
  redirect(`/maintenance/${created.id}?notice=created`);
});

export const updateMaintenanceAction = authedAction(updateMaintenanceSchema, async (input, { user }) => {
  await updateMaintenance({ ctx: { userId: user.id }, input });
  revalidatePath('/maintenance', 'layout');
  return { ok: true, data: { saved: true } };
});

export const deleteMaintenanceAction = authedAction(deleteMaintenanceSchema, async (input, { user }) => {
  await deleteMaintenance({ ctx: { userId: user.id }, input });
  redirect('/maintenance?notice=deleted');
});

export const endMaintenanceAction = authedAction(windowRefSchema, async (input, { user }) => {
  await endMaintenanceNow({ ctx: { userId: user.id }, input });
  revalidatePath('/maintenance', 'layout');
  return { ok: true, data: { ended: true } };
});

export const extendMaintenanceAction = authedAction(extendMaintenanceSchema, async (input, { user }) => {
  const { endsAt } = await extendMaintenance({ ctx: { userId: user.id }, input });
  revalidatePath('/maintenance', 'layout');
  return { ok: true, data: { endsAt: endsAt.toISOString() } };
});

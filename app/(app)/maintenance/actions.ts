'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { type ActionState, teamAction } from '@/lib/actions/safe-action';
import { createMaintenance, deleteMaintenance, endMaintenanceNow, extendMaintenance, updateMaintenance } from '@/lib/maintenance/manage';
import { deleteMaintenanceSchema, extendMaintenanceSchema, maintenanceFormSchema, updateMaintenanceSchema, windowRefSchema } from '@/lib/maintenance/schemas';

export const createMaintenanceAction = teamAction(maintenanceFormSchema, async (input, { ctx }): Promise<ActionState<{ saved: boolean }>> => {
  const created = await createMaintenance({ ctx, input });
  redirect(`/maintenance/${created.id}?notice=created`);
});

export const updateMaintenanceAction = teamAction(updateMaintenanceSchema, async (input, { ctx }) => {
  await updateMaintenance({ ctx, input });
  revalidatePath('/maintenance', 'layout');
  return { ok: true, data: { saved: true } };
});

export const deleteMaintenanceAction = teamAction(deleteMaintenanceSchema, async (input, { ctx }) => {
  await deleteMaintenance({ ctx, input });
  redirect('/maintenance?notice=deleted');
});

export const endMaintenanceAction = teamAction(windowRefSchema, async (input, { ctx }) => {
  await endMaintenanceNow({ ctx, input });
  revalidatePath('/maintenance', 'layout');
  return { ok: true, data: { ended: true } };
});

export const extendMaintenanceAction = teamAction(extendMaintenanceSchema, async (input, { ctx }) => {
  const { endsAt } = await extendMaintenance({ ctx, input });
  revalidatePath('/maintenance', 'layout');
  return { ok: true, data: { endsAt: endsAt.toISOString() } };
});

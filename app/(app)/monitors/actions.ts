'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { teamAction } from '@/lib/actions/safe-action';
import { regeneratePushKey } from '@/lib/checks/push/manage';
import { tryMonitorCheck } from '@/lib/monitors/try-check';
import { deleteMonitorSchema, monitorFormSchema, regeneratePingUrlSchema, setEnabledSchema, updateMonitorSchema } from '@/lib/monitors/input';
import { createMonitor, deleteMonitor, setMonitorEnabled, updateMonitor } from '@/lib/monitors/manage';
import { setMonitorChannels } from '@/lib/notifications/manage';
import { monitorChannelsSchema } from '@/lib/notifications/schemas';

export const createMonitorAction = teamAction(monitorFormSchema, async (input, { ctx }) => {
  await createMonitor({ ctx, input });
  // Usage changed: every page's shell (the usage notice) must follow, not only the list.
  revalidatePath('/', 'layout');
  redirect('/monitors?notice=created');
});

export const updateMonitorAction = teamAction(updateMonitorSchema, async (input, { ctx }) => {
  await updateMonitor({ ctx, input });
  revalidatePath('/monitors');
  redirect('/monitors?notice=saved');
});

export const setMonitorEnabledAction = teamAction(setEnabledSchema, async (input, { ctx }) => {
  await setMonitorEnabled({ ctx, input });
  revalidatePath('/monitors');
  return { ok: true, data: undefined };
});

export const deleteMonitorAction = teamAction(deleteMonitorSchema, async (input, { ctx }) => {
  await deleteMonitor({ ctx, input });
  revalidatePath('/', 'layout');
  redirect('/monitors?notice=deleted');
});

export const setMonitorChannelsAction = teamAction(monitorChannelsSchema, async (input, { ctx }) => {
  await setMonitorChannels({ ctx, input });
  revalidatePath('/settings/notifications');
  return { ok: true, data: undefined };
});

export const regeneratePingUrlAction = teamAction(regeneratePingUrlSchema, async (input, { ctx }) => {
  await regeneratePushKey({ ctx, input });
  revalidatePath(`/monitors/${input.monitorId}`);
  return { ok: true, data: undefined };
});

/** Run the check as typed once, from the server, and show what it found (nothing is saved). */
export const tryMonitorCheckAction = teamAction(monitorFormSchema, async (input, { ctx }) => ({ ok: true, data: await tryMonitorCheck({ ctx, input }) }));

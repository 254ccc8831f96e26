'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authedAction } from '@/lib/actions/safe-action';
import { deleteMonitorSchema, monitorFormSchema, setEnabledSchema, updateMonitorSchema } from '@/lib/monitors/input';
import { createMonitor, deleteMonitor, setMonitorEnabled, updateMonitor } from '@/lib/monitors/manage';
import { setMonitorChannels } from '@/lib/notifications/manage';
import { monitorChannelsSchema } from '@/lib/notifications/schemas';

export const createMonitorAction = authedAction(monitorFormSchema, async (input, { user }) => {
  await createMonitor({ ctx: { userId: user.id }, input });
  // Usage changed: every page's shell (the usage notice) must follow, not only the list.
  revalidatePath('/', 'layout');
  redirect('/monitors?notice=created');
});

export const updateMonitorAction = authedAction(updateMonitorSchema, async (input, { user }) => {
  await updateMonitor({ ctx: { userId: user.id }, input });
  revalidatePath('/monitors');
  redirect('/monitors?notice=saved');
});

export const setMonitorEnabledAction = authedAction(setEnabledSchema, async (input, { user }) => {
  await setMonitorEnabled({ ctx: { userId: user.id }, input });
  revalidatePath('/monitors');
  return { ok: true, data: undefined };
});

export const deleteMonitorAction = authedAction(deleteMonitorSchema, async (input, { user }) => {
  await deleteMonitor({ ctx: { userId: user.id }, input });
  revalidatePath('/', 'layout');
  redirect('/monitors?notice=deleted');
});

export const setMonitorChannelsAction = authedAction(monitorChannelsSchema, async (input, { user }) => {
  await setMonitorChannels({ ctx: { userId: user.id }, input });
  revalidatePath('/settings/notifications');
  return { ok: true, data: undefined };
});

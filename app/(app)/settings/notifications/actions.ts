'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authedAction } from '@/lib/actions/safe-action';
import { createChannel, deleteChannel, resendDelivery, rotateSigningSecret, sendTestNotification, updateChannel } from '@/lib/notifications/manage';
import { channelRefSchema, createChannelSchema, deleteChannelSchema, deliveryRefSchema, updateChannelSchema } from '@/lib/notifications/schemas';

export const createChannelAction = authedAction(createChannelSchema, async (input, { user }) => {
  const channel = await createChannel({ ctx: { userId: user.id }, input });
  revalidatePath('/settings/notifications');
  // A webhook's signing secret leaves the server this once, to be shown to its owner.
  return { ok: true, data: { channelId: channel.id, name: input.name, signingSecret: channel.signingSecret } };
});

export const updateChannelAction = authedAction(updateChannelSchema, async (input, { user }) => {
  await updateChannel({ ctx: { userId: user.id }, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: { channelId: input.channelId, name: input.name, signingSecret: null as string | null } };
});

export const rotateSigningSecretAction = authedAction(channelRefSchema, async (input, { user }) => {
  const signingSecret = await rotateSigningSecret({ ctx: { userId: user.id }, input });
  return { ok: true, data: { signingSecret } };
});

export const sendTestAction = authedAction(channelRefSchema, async (input, { user }) => {
  await sendTestNotification({ ctx: { userId: user.id }, input });
  revalidatePath(`/settings/notifications/${input.channelId}`);
  return { ok: true, data: { queued: true } };
});

export const resendDeliveryAction = authedAction(deliveryRefSchema, async (input, { user }) => {
  await resendDelivery({ ctx: { userId: user.id }, input });
  revalidatePath('/settings/notifications', 'layout');
  return { ok: true, data: { queued: true } };
});

export const deleteChannelAction = authedAction(deleteChannelSchema, async (input, { user }) => {
  await deleteChannel({ ctx: { userId: user.id }, input });
  revalidatePath('/', 'layout');
  redirect('/settings/notifications?notice=deleted');
});

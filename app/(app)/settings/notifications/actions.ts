'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { teamAction } from '@/lib/actions/safe-action';
import { createChannel, deleteChannel, resendDelivery, rotateSigningSecret, sendTestNotification, updateChannel } from '@/lib/notifications/manage';
import { channelRefSchema, createChannelSchema, deleteChannelSchema, deliveryRefSchema, updateChannelSchema } from '@/lib/notifications/schemas';

export const createChannelAction = teamAction(createChannelSchema, async (input, { ctx }) => {
  const channel = await createChannel({ ctx, input });
  revalidatePath('/settings/notifications');
  // A webhook's signing secret leaves the server this once, to be shown to its owner.
  return { ok: true, data: { channelId: channel.id, name: input.name, signingSecret: channel.signingSecret } };
});

export const updateChannelAction = teamAction(updateChannelSchema, async (input, { ctx }) => {
  await updateChannel({ ctx, input });
  revalidatePath('/', 'layout');
  return { ok: true, data: { channelId: input.channelId, name: input.name, signingSecret: null as string | null } };
});

export const rotateSigningSecretAction = teamAction(channelRefSchema, async (input, { ctx }) => {
  const signingSecret = await rotateSigningSecret({ ctx, input });
  return { ok: true, data: { signingSecret } };
});

export const sendTestAction = teamAction(channelRefSchema, async (input, { ctx }) => {
  await sendTestNotification({ ctx, input });
  revalidatePath(`/settings/notifications/${input.channelId}`);
  return { ok: true, data: { queued: true } };
});

export const resendDeliveryAction = teamAction(deliveryRefSchema, async (input, { ctx }) => {
  await resendDelivery({ ctx, input });
  revalidatePath('/settings/notifications', 'layout');
  return { ok: true, data: { queued: true } };
});

export const deleteChannelAction = teamAction(deleteChannelSchema, async (input, { ctx }) => {
  await deleteChannel({ ctx, input });
  revalidatePath('/', 'layout');
  redirect('/settings/notifications?notice=deleted');
});

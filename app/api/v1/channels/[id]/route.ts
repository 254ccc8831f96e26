import { apiChannel, channelInputOf, inputOfChannel } from '@/lib/api/channels';
import { itemRoutes } from '@/lib/api/item-routes';
import { channelInputSchema, channelPatchSchema } from '@/lib/contracts/api';
import { deleteChannel, updateChannel } from '@/lib/notifications/manage';

export const dynamic = 'force-dynamic';

// GET, PATCH (an absent secret keeps the saved one; the kind never changes), DELETE /api/v1/channels/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'notification channel',
  read: apiChannel,
  patch: {
    schema: channelPatchSchema,
    apply: async (ctx, id, patch, current) => {
      const merged = channelInputSchema.parse({ ...inputOfChannel(current), ...patch });
      await updateChannel({ ctx, input: { ...channelInputOf(merged, true), channelId: id } });
    },
  },
  remove: (ctx, id) => deleteChannel({ ctx, input: { channelId: id } }),
});

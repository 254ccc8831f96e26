import { apiChannel, channelInputOf, channelSettings, inputOfChannel } from '@/lib/api/channels';
import { apiRoute, checkIfMatch, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { channelInputSchema, channelPatchSchema } from '@/lib/contracts/api';
import { deleteChannel, updateChannel } from '@/lib/notifications/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/channels/{id}
export const GET = apiRoute(async ({ ctx, params }) => resource(await apiChannel(ctx, requireUuid(params.id, 'notification channel'))));

// PATCH /api/v1/channels/{id} — change some fields; an absent secret keeps the saved one (editor)
export const PATCH = apiRoute(async ({ ctx, params, request, body }) => {
  const id = requireUuid(params.id, 'notification channel');
  const patch = body(channelPatchSchema);
  const current = await apiChannel(ctx, id);
  checkIfMatch(request, current);
  const merged = channelInputSchema.parse({ ...inputOfChannel(current), ...patch });
  await updateChannel({ ctx, input: { ...channelInputOf(merged, await channelSettings(ctx, id)), channelId: id } });
  return resource(await apiChannel(ctx, id));
});

// DELETE /api/v1/channels/{id} (editor)
export const DELETE = apiRoute(async ({ ctx, params, request }) => {
  const id = requireUuid(params.id, 'notification channel');
  checkIfMatch(request, await apiChannel(ctx, id));
  await deleteChannel({ ctx, input: { channelId: id } });
  return new Response(null, { status: 204 });
});

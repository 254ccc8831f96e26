import { pushState } from '@/db/queries/push';
import { apiRoute } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { pingUrls, regeneratePushKey } from '@/lib/checks/push/manage';
import { emptyBodySchema } from '@/lib/contracts/api';
import { linkBaseUrl } from '@/lib/env';

export const dynamic = 'force-dynamic';

// POST /api/v1/monitors/{id}/ping-url/regenerate — a new ping URL; the old one answers 404 from now on (editor)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'push monitor');
  body(emptyBodySchema);
  await regeneratePushKey({ ctx, input: { monitorId: id } });
  const state = await pushState(ctx.teamId, id);
  return Response.json(pingUrls(id, state!.keyEncrypted, linkBaseUrl()));
});

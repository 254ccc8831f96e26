import { pushState } from '@/db/queries/push';
import { apiRoute } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { pingUrls } from '@/lib/checks/push/manage';
import { AppError } from '@/lib/errors';
import { linkBaseUrl } from '@/lib/env';

export const dynamic = 'force-dynamic';

// GET /api/v1/monitors/{id}/ping-url — a push monitor's ping URLs (as its page shows them)
export const GET = apiRoute(async ({ ctx, params }) => {
  const id = requireUuid(params.id, 'push monitor');
  const state = await pushState(ctx.teamId, id);
  const urls = state ? pingUrls(id, state.keyEncrypted, linkBaseUrl()) : null;
  if (!urls) throw new AppError('NOT_FOUND', 'That push monitor does not exist.');
  return Response.json(urls);
});

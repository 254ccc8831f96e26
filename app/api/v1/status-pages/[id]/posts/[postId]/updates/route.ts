import { apiRoute, byForm, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiPost } from '@/lib/api/status-pages';
import { postUpdateInputSchema } from '@/lib/contracts/api';
import { addPostUpdate } from '@/lib/status-pages/posts';
import { addPostUpdateSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/status-pages/{id}/posts/{postId}/updates {"state","body"} — the next update; "resolved" closes the post (responder)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const pageId = requireUuid(params.id, 'status page');
  const postId = (await apiPost(ctx, pageId, requireUuid(params.postId, 'post'))).id;
  const input = byForm(addPostUpdateSchema, { ...body(postUpdateInputSchema), postId }, 'update');
  await addPostUpdate({ ctx, input });
  return resource(await apiPost(ctx, pageId, postId), 201);
});

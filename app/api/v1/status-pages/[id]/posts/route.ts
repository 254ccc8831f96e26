import { apiRoute, byForm, resource } from '@/lib/api/handler';
import { onePage } from '@/lib/api/pages';
import { requireUuid } from '@/lib/api/ids';
import { apiPost, apiStatusPage, listApiPosts } from '@/lib/api/status-pages';
import { postInputSchema } from '@/lib/contracts/api';
import { createPost } from '@/lib/status-pages/posts';
import { createPostSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/status-pages/{id}/posts — open posts first, then newest (up to 200)
export const GET = apiRoute(async ({ ctx, params }) => onePage(await listApiPosts(ctx, requireUuid(params.id, 'status page'))));

// POST /api/v1/status-pages/{id}/posts — an incident post with its first update (responder)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const pageId = (await apiStatusPage(ctx, requireUuid(params.id, 'status page'))).id;
  const input = byForm(createPostSchema, { ...body(postInputSchema), pageId }, 'post');
  const { id } = await createPost({ ctx, input });
  return resource(await apiPost(ctx, pageId, id), 201);
});

import { apiRoute, checkIfMatch, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiStatusPage, byForm } from '@/lib/api/status-pages';
import { statusPagePatchSchema } from '@/lib/contracts/api';
import { deleteStatusPage, updateStatusPage } from '@/lib/status-pages/manage';
import { statusPageFormSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/status-pages/{id}
export const GET = apiRoute(async ({ ctx, params }) => resource(await apiStatusPage(ctx, requireUuid(params.id, 'status page'))));

// PATCH /api/v1/status-pages/{id} — change some of its settings (editor)
export const PATCH = apiRoute(async ({ ctx, params, request, body }) => {
  const id = requireUuid(params.id, 'status page');
  const patch = body(statusPagePatchSchema);
  const current = await apiStatusPage(ctx, id);
  checkIfMatch(request, current);
  const { title, slug, description, logoUrl, timeZone, customHost, allowFraming } = current;
  const input = byForm(statusPageFormSchema, { title, slug, description, logoUrl, timeZone, customHost, allowFraming, ...patch }, 'status page');
  await updateStatusPage({ ctx, input: { ...input, pageId: id } });
  return resource(await apiStatusPage(ctx, id));
});

// DELETE /api/v1/status-pages/{id} — the page, its components and posts (editor)
export const DELETE = apiRoute(async ({ ctx, params, request }) => {
  const id = requireUuid(params.id, 'status page');
  checkIfMatch(request, await apiStatusPage(ctx, id));
  await deleteStatusPage({ ctx, input: { pageId: id } });
  return new Response(null, { status: 204 });
});

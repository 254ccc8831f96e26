import { apiRoute, checkIfMatch, resource } from '@/lib/api/handler';
import { apiMonitor, inputOfMonitor, monitorInputOf } from '@/lib/api/monitors';
import { monitorInputSchema, monitorPatchSchema } from '@/lib/contracts/api';
import { deleteMonitor, updateMonitor } from '@/lib/monitors/manage';
import { requireUuid } from '@/lib/api/ids';

export const dynamic = 'force-dynamic';

// GET /api/v1/monitors/{id}
export const GET = apiRoute(async ({ ctx, params }) => resource(await apiMonitor(ctx, requireUuid(params.id, 'monitor'))));

// PATCH /api/v1/monitors/{id} — change some fields (options merged), If-Match optional (editor)
export const PATCH = apiRoute(async ({ ctx, params, request, body }) => {
  const id = requireUuid(params.id, 'monitor');
  const patch = body(monitorPatchSchema);
  const current = await apiMonitor(ctx, id);
  checkIfMatch(request, current);
  const base = inputOfMonitor(current);
  const merged = monitorInputSchema.parse({ ...base, ...patch, options: { ...base.options, ...patch.options } });
  await updateMonitor({ ctx, input: { ...monitorInputOf(merged), monitorId: id } });
  return resource(await apiMonitor(ctx, id));
});

// DELETE /api/v1/monitors/{id} — the monitor and its history (editor)
export const DELETE = apiRoute(async ({ ctx, params, request }) => {
  const id = requireUuid(params.id, 'monitor');
  checkIfMatch(request, await apiMonitor(ctx, id));
  await deleteMonitor({ ctx, input: { monitorId: id } });
  return new Response(null, { status: 204 });
});

import { apiRoute, checkIfMatch, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMaintenance, inputOfMaintenance, maintenanceInputOf } from '@/lib/api/maintenance';
import { maintenanceInputSchema, maintenancePatchSchema } from '@/lib/contracts/api';
import { deleteMaintenance, updateMaintenance } from '@/lib/maintenance/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/maintenance/{id}
export const GET = apiRoute(async ({ ctx, params }) => resource(await apiMaintenance(ctx, requireUuid(params.id, 'maintenance'))));

// PATCH /api/v1/maintenance/{id} — change some fields (editor)
export const PATCH = apiRoute(async ({ ctx, params, request, body }) => {
  const id = requireUuid(params.id, 'maintenance');
  const patch = body(maintenancePatchSchema);
  const current = await apiMaintenance(ctx, id);
  checkIfMatch(request, current);
  const { durationMinutes, ...base } = inputOfMaintenance(current);
  const merged = maintenanceInputSchema.parse({ ...base, ...(patch.end === undefined ? { durationMinutes } : {}), ...patch });
  await updateMaintenance({ ctx, input: { ...maintenanceInputOf(merged), windowId: id } });
  return resource(await apiMaintenance(ctx, id));
});

// DELETE /api/v1/maintenance/{id} (editor)
export const DELETE = apiRoute(async ({ ctx, params, request }) => {
  const id = requireUuid(params.id, 'maintenance');
  checkIfMatch(request, await apiMaintenance(ctx, id));
  await deleteMaintenance({ ctx, input: { windowId: id } });
  return new Response(null, { status: 204 });
});

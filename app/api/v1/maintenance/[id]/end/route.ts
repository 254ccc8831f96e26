import { apiRoute, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMaintenance } from '@/lib/api/maintenance';
import { emptyBodySchema } from '@/lib/contracts/api';
import { endMaintenanceNow } from '@/lib/maintenance/manage';

export const dynamic = 'force-dynamic';

// POST /api/v1/maintenance/{id}/end — end the occurrence under way now (responder; 409 when none is)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'maintenance');
  body(emptyBodySchema);
  await endMaintenanceNow({ ctx, input: { windowId: id } });
  return resource(await apiMaintenance(ctx, id));
});

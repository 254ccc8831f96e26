import { apiRoute, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMaintenance } from '@/lib/api/maintenance';
import { extendSchema } from '@/lib/contracts/api';
import { extendMaintenance } from '@/lib/maintenance/manage';

export const dynamic = 'force-dynamic';

// POST /api/v1/maintenance/{id}/extend {"minutes": 30} — lengthen the occurrence under way (responder)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'maintenance');
  const { minutes } = body(extendSchema);
  await extendMaintenance({ ctx, input: { windowId: id, minutes } });
  return resource(await apiMaintenance(ctx, id));
});

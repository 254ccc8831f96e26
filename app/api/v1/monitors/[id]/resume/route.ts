import { apiRoute, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMonitor } from '@/lib/api/monitors';
import { emptyBodySchema } from '@/lib/contracts/api';
import { setMonitorEnabled } from '@/lib/monitors/manage';

export const dynamic = 'force-dynamic';

// POST /api/v1/monitors/{id}/resume — checks start again (editor)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'monitor');
  body(emptyBodySchema);
  await setMonitorEnabled({ ctx, input: { monitorId: id, enabled: true } });
  return resource(await apiMonitor(ctx, id));
});

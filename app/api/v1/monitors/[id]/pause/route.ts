import { apiRoute, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMonitor } from '@/lib/api/monitors';
import { pauseSchema } from '@/lib/contracts/api';
import { setMonitorEnabled } from '@/lib/monitors/manage';

export const dynamic = 'force-dynamic';

// POST /api/v1/monitors/{id}/pause {"minutes": 30} — pause, for a time or until resumed (editor)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'monitor');
  const { minutes } = body(pauseSchema);
  await setMonitorEnabled({ ctx, input: { monitorId: id, enabled: false, forMinutes: minutes } });
  return resource(await apiMonitor(ctx, id));
});

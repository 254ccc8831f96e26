import { apiRoute, resource } from '@/lib/api/handler';
import { apiMonitor, listApiMonitors, monitorInputOf } from '@/lib/api/monitors';
import { pageResponse } from '@/lib/api/pages';
import { monitorInputSchema, monitorListQuerySchema } from '@/lib/contracts/api';
import { createMonitor } from '@/lib/monitors/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/monitors — the team's monitors (filters: status, type, agentId, name; cursor pages)
export const GET = apiRoute(async ({ ctx, url, query }) => {
  const { limit, cursor, ...filters } = query(monitorListQuerySchema);
  return pageResponse(url, await listApiMonitors(ctx, filters, { limit, cursor }));
});

// POST /api/v1/monitors — a new monitor, by the monitor form's rules (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const input = monitorInputOf(body(monitorInputSchema));
  const { id } = await createMonitor({ ctx, input });
  const response = resource(await apiMonitor(ctx, id), 201);
  response.headers.set('Location', `/api/v1/monitors/${id}`);
  return response;
});

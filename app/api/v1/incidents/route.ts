import { apiRoute } from '@/lib/api/handler';
import { listApiIncidents } from '@/lib/api/incidents';
import { pageResponse } from '@/lib/api/pages';
import { incidentListQuerySchema } from '@/lib/contracts/api';

export const dynamic = 'force-dynamic';

// GET /api/v1/incidents — newest first (filters: state, monitorId, since; cursor pages)
export const GET = apiRoute(async ({ ctx, url, query }) => {
  const { limit, cursor, ...filters } = query(incidentListQuerySchema);
  return pageResponse(url, await listApiIncidents(ctx, filters, { limit, cursor }));
});

import { apiRoute, resource } from '@/lib/api/handler';
import { onePage } from '@/lib/api/pages';
import { apiMaintenance, listApiMaintenance, maintenanceInputOf } from '@/lib/api/maintenance';
import { maintenanceInputSchema } from '@/lib/contracts/api';
import { createMaintenance } from '@/lib/maintenance/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/maintenance — the team's windows, under way and upcoming first (one page)
export const GET = apiRoute(async ({ ctx }) => onePage(await listApiMaintenance(ctx)));

// POST /api/v1/maintenance — plan a window; "start":"now" with "durationMinutes" opens one at once (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const { id } = await createMaintenance({ ctx, input: maintenanceInputOf(body(maintenanceInputSchema)) });
  const response = resource(await apiMaintenance(ctx, id), 201);
  response.headers.set('Location', `/api/v1/maintenance/${id}`);
  return response;
});

import { apiSlo, listApiSlos, sloInputOf } from '@/lib/api/slos';
import { apiRoute, resource } from '@/lib/api/handler';
import { onePage } from '@/lib/api/pages';
import { sloInputSchema } from '@/lib/contracts/api';
import { createSlo } from '@/lib/slo/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/slos — the team's SLOs with their budgets and burn rates now (one page)
export const GET = apiRoute(async ({ ctx }) => onePage(await listApiSlos(ctx)));

// POST /api/v1/slos — a new SLO (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const { id } = await createSlo({ ctx, input: sloInputOf(body(sloInputSchema)) });
  const response = resource(await apiSlo(ctx, id), 201);
  response.headers.set('Location', `/api/v1/slos/${id}`);
  return response;
});

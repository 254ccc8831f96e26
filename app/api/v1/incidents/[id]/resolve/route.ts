import { apiRoute, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiIncident } from '@/lib/api/incidents';
import { emptyBodySchema } from '@/lib/contracts/api';
import { resolveIncident } from '@/lib/incidents/manage';

export const dynamic = 'force-dynamic';

// POST /api/v1/incidents/{id}/resolve (responder; 409 when it already is)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'incident');
  body(emptyBodySchema);
  await resolveIncident({ ctx, input: { incidentId: id } });
  return resource(await apiIncident(ctx, id));
});

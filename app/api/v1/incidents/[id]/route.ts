import { apiRoute, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiIncident } from '@/lib/api/incidents';

export const dynamic = 'force-dynamic';

// GET /api/v1/incidents/{id} — the incident with its timeline
export const GET = apiRoute(async ({ ctx, params }) => resource(await apiIncident(ctx, requireUuid(params.id, 'incident'))));

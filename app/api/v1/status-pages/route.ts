import { apiRoute, byForm, resource } from '@/lib/api/handler';
import { onePage } from '@/lib/api/pages';
import { apiStatusPage, listApiStatusPages } from '@/lib/api/status-pages';
import { statusPageInputSchema } from '@/lib/contracts/api';
import { createStatusPage } from '@/lib/status-pages/manage';
import { statusPageFormSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/status-pages — the team's status pages with their components (one page)
export const GET = apiRoute(async ({ ctx }) => onePage(await listApiStatusPages(ctx)));

// POST /api/v1/status-pages — a new page, by the settings form's rules (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const input = byForm(statusPageFormSchema, { ...body(statusPageInputSchema) }, 'status page');
  const { id } = await createStatusPage({ ctx, input });
  const response = resource(await apiStatusPage(ctx, id), 201);
  response.headers.set('Location', `/api/v1/status-pages/${id}`);
  return response;
});

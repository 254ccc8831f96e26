import { apiRoute, byForm, resource } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiStatusPage } from '@/lib/api/status-pages';
import { componentInputSchema } from '@/lib/contracts/api';
import { addComponent } from '@/lib/status-pages/manage';
import { componentFormSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/status-pages/{id}/components — a component backed by monitors, last on the page (editor); answers the page
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const pageId = requireUuid(params.id, 'status page');
  const input = byForm(componentFormSchema, body(componentInputSchema), 'component');
  await addComponent({ ctx, input: { ...input, pageId } });
  return resource(await apiStatusPage(ctx, pageId), 201);
});

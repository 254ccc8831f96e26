import { apiRoute, resource } from '@/lib/api/handler';
import { moveComponentSchema } from '@/lib/contracts/api';
import { moveComponent } from '@/lib/status-pages/manage';
import { apiStatusPage, componentOf } from '@/lib/api/status-pages';

export const dynamic = 'force-dynamic';

// POST /api/v1/status-pages/{id}/components/{componentId}/move {"direction":"up"} — reorder (editor); answers the page
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const { direction } = body(moveComponentSchema);
  const { page, component } = await componentOf(ctx, params);
  await moveComponent({ ctx, input: { componentId: component.id, direction } });
  return resource(await apiStatusPage(ctx, page.id));
});

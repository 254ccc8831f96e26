import { apiRoute, byForm, resource } from '@/lib/api/handler';
import { apiStatusPage, componentOf } from '@/lib/api/status-pages';
import { componentPatchSchema } from '@/lib/contracts/api';
import { deleteComponent, updateComponent } from '@/lib/status-pages/manage';
import { componentFormSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// PATCH /api/v1/status-pages/{id}/components/{componentId} (editor); answers the page
export const PATCH = apiRoute(async ({ ctx, params, body }) => {
  const patch = body(componentPatchSchema);
  const { page, component } = await componentOf(ctx, params);
  const { name, description, groupName, monitorIds } = component;
  const input = byForm(componentFormSchema, { name, description, groupName, monitorIds, ...patch }, 'component');
  await updateComponent({ ctx, input: { ...input, componentId: component.id } });
  return resource(await apiStatusPage(ctx, page.id));
});

// DELETE /api/v1/status-pages/{id}/components/{componentId} (editor)
export const DELETE = apiRoute(async ({ ctx, params }) => {
  const { component } = await componentOf(ctx, params);
  await deleteComponent({ ctx, input: { componentId: component.id } });
  return new Response(null, { status: 204 });
});

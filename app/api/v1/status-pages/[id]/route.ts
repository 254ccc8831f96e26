import { itemRoutes } from '@/lib/api/item-routes';
import { byForm } from '@/lib/api/handler';
import { apiStatusPage } from '@/lib/api/status-pages';
import { statusPagePatchSchema } from '@/lib/contracts/api';
import { deleteStatusPage, updateStatusPage } from '@/lib/status-pages/manage';
import { statusPageFormSchema } from '@/lib/status-pages/schemas';

export const dynamic = 'force-dynamic';

// GET, PATCH (some settings), DELETE (with its components and posts) /api/v1/status-pages/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'status page',
  read: apiStatusPage,
  patch: {
    schema: statusPagePatchSchema,
    apply: async (ctx, id, patch, current) => {
      const { title, slug, description, logoUrl, timeZone, customHost, allowFraming, sloDays } = current;
      const input = byForm(statusPageFormSchema, { title, slug, description, logoUrl, timeZone, customHost, allowFraming, sloDays, ...patch }, 'status page');
      await updateStatusPage({ ctx, input: { ...input, pageId: id } });
    },
  },
  remove: (ctx, id) => deleteStatusPage({ ctx, input: { pageId: id } }),
});

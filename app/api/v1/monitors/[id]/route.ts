import { itemRoutes } from '@/lib/api/item-routes';
import { apiMonitor, inputOfMonitor, monitorInputOf } from '@/lib/api/monitors';
import { monitorInputSchema, monitorPatchSchema } from '@/lib/contracts/api';
import { deleteMonitor, updateMonitor } from '@/lib/monitors/manage';

export const dynamic = 'force-dynamic';

// GET, PATCH (some fields, options merged), DELETE (with its history) /api/v1/monitors/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'monitor',
  read: apiMonitor,
  patch: {
    schema: monitorPatchSchema,
    apply: async (ctx, id, patch, current) => {
      const base = inputOfMonitor(current);
      const merged = monitorInputSchema.parse({ ...base, ...patch, options: { ...base.options, ...patch.options } });
      await updateMonitor({ ctx, input: { ...monitorInputOf(merged), monitorId: id } });
    },
  },
  remove: (ctx, id) => deleteMonitor({ ctx, input: { monitorId: id } }),
});

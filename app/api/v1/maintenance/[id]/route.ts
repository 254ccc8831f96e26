import { itemRoutes } from '@/lib/api/item-routes';
import { apiMaintenance, inputOfMaintenance, maintenanceInputOf } from '@/lib/api/maintenance';
import { maintenanceInputSchema, maintenancePatchSchema } from '@/lib/contracts/api';
import { deleteMaintenance, updateMaintenance } from '@/lib/maintenance/manage';

export const dynamic = 'force-dynamic';

// GET, PATCH (some fields), DELETE /api/v1/maintenance/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'maintenance',
  read: apiMaintenance,
  patch: {
    schema: maintenancePatchSchema,
    apply: async (ctx, id, patch, current) => {
      const { durationMinutes, ...base } = inputOfMaintenance(current);
      const merged = maintenanceInputSchema.parse({ ...base, ...(patch.end === undefined ? { durationMinutes } : {}), ...patch });
      await updateMaintenance({ ctx, input: { ...maintenanceInputOf(merged), windowId: id } });
    },
  },
  remove: (ctx, id) => deleteMaintenance({ ctx, input: { windowId: id } }),
});

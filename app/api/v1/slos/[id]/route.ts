import { apiSlo, inputOfSlo, sloInputOf } from '@/lib/api/slos';
import { itemRoutes } from '@/lib/api/item-routes';
import { sloInputSchema, sloPatchSchema } from '@/lib/contracts/api';
import { deleteSlo, updateSlo } from '@/lib/slo/manage';

export const dynamic = 'force-dynamic';

// GET, PATCH (replaces what it names), DELETE /api/v1/slos/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'SLO',
  read: apiSlo,
  patch: {
    schema: sloPatchSchema,
    apply: async (ctx, id, patch, current) => {
      const merged = sloInputSchema.parse({ ...inputOfSlo(current), ...patch });
      await updateSlo({ ctx, input: { ...sloInputOf(merged), sloId: id } });
    },
  },
  remove: (ctx, id) => deleteSlo({ ctx, input: { sloId: id } }),
});

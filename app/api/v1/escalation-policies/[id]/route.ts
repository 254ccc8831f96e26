import { apiPolicy, inputOfPolicy, policyInputOf } from '@/lib/api/escalation';
import { itemRoutes } from '@/lib/api/item-routes';
import { escalationPolicyInputSchema, escalationPolicyPatchSchema } from '@/lib/contracts/api';
import { deletePolicy, updatePolicy } from '@/lib/escalation/manage';

export const dynamic = 'force-dynamic';

// GET, PATCH (replaces what it names; steps as a whole), DELETE /api/v1/escalation-policies/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'escalation policy',
  read: apiPolicy,
  patch: {
    schema: escalationPolicyPatchSchema,
    apply: async (ctx, id, patch, current) => {
      const merged = escalationPolicyInputSchema.parse({ ...inputOfPolicy(current), ...patch });
      await updatePolicy({ ctx, input: { ...policyInputOf(merged), policyId: id } });
    },
  },
  remove: (ctx, id) => deletePolicy({ ctx, input: { policyId: id } }),
});

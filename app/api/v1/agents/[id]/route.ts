import { deleteAgent, renameAgent } from '@/lib/agents/manage';
import { agentNameSchema } from '@/lib/agents/schemas';
import { apiAgent } from '@/lib/api/agents';
import { itemRoutes } from '@/lib/api/item-routes';
import { byForm } from '@/lib/api/handler';
import { agentInputSchema } from '@/lib/contracts/api';

export const dynamic = 'force-dynamic';

// GET, PATCH {"name"} (rename), DELETE (with the monitors it is the only location of) /api/v1/agents/{id} (editor to write)
export const { GET, PATCH, DELETE } = itemRoutes({
  kind: 'agent',
  read: apiAgent,
  patch: {
    schema: agentInputSchema,
    apply: async (ctx, id, patch) => {
      const { name } = byForm(agentInputSchema.extend({ name: agentNameSchema }), patch, 'agent');
      await renameAgent({ ctx, input: { agentId: id, name } });
    },
  },
  remove: (ctx, id) => deleteAgent({ ctx, input: { agentId: id } }),
});

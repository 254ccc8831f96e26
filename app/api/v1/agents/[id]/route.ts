import { deleteAgent, renameAgent } from '@/lib/agents/manage';
import { agentNameSchema } from '@/lib/agents/schemas';
import { apiAgent } from '@/lib/api/agents';
import { apiRoute, checkIfMatch, invalid, resource, zodDetails } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { agentInputSchema } from '@/lib/contracts/api';

export const dynamic = 'force-dynamic';

// GET /api/v1/agents/{id}
export const GET = apiRoute(async ({ ctx, params }) => resource(await apiAgent(ctx, requireUuid(params.id, 'agent'))));

// PATCH /api/v1/agents/{id} {"name"} — rename (editor)
export const PATCH = apiRoute(async ({ ctx, params, request, body }) => {
  const id = requireUuid(params.id, 'agent');
  const name = agentNameSchema.safeParse(body(agentInputSchema).name);
  checkIfMatch(request, await apiAgent(ctx, id));
  if (!name.success) throw invalid('The agent is not valid; see details.', zodDetails(name.error).map((detail) => ({ ...detail, field: 'name' })));
  await renameAgent({ ctx, input: { agentId: id, name: name.data } });
  return resource(await apiAgent(ctx, id));
});

// DELETE /api/v1/agents/{id} — the agent, and the monitors it is the only location of (editor)
export const DELETE = apiRoute(async ({ ctx, params, request }) => {
  const id = requireUuid(params.id, 'agent');
  checkIfMatch(request, await apiAgent(ctx, id));
  await deleteAgent({ ctx, input: { agentId: id } });
  return new Response(null, { status: 204 });
});

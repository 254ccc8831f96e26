import { createAgent } from '@/lib/agents/manage';
import { agentNameSchema } from '@/lib/agents/schemas';
import { apiAgent, listApiAgents } from '@/lib/api/agents';
import { apiRoute, byForm, resource } from '@/lib/api/handler';
import { pageResponse } from '@/lib/api/pages';
import { agentInputSchema, listQuerySchema } from '@/lib/contracts/api';

export const dynamic = 'force-dynamic';

// GET /api/v1/agents — the team's agents, oldest first (cursor pages)
export const GET = apiRoute(async ({ ctx, url, query }) => pageResponse(url, await listApiAgents(ctx, query(listQuerySchema))));

// POST /api/v1/agents {"name"} — a new remote agent; its token is in this answer and never again (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const { name } = byForm(agentInputSchema.extend({ name: agentNameSchema }), body(agentInputSchema), 'agent');
  const { id, token } = await createAgent({ ctx, input: { name, kind: 'remote' } });
  const response = resource({ ...(await apiAgent(ctx, id)), token: token! }, 201);
  response.headers.set('Location', `/api/v1/agents/${id}`);
  return response;
});

import { rotateAgentKey } from '@/lib/agents/manage';
import { apiRoute } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { emptyBodySchema } from '@/lib/contracts/api';

export const dynamic = 'force-dynamic';

// POST /api/v1/agents/{id}/rotate — a new token for a remote agent; the old one stops working (editor)
export const POST = apiRoute(async ({ ctx, params, body }) => {
  const id = requireUuid(params.id, 'agent');
  body(emptyBodySchema);
  return Response.json({ token: await rotateAgentKey({ ctx, input: { agentId: id } }) });
});

import { apiPolicy, listApiPolicies, policyInputOf } from '@/lib/api/escalation';
import { apiRoute, resource } from '@/lib/api/handler';
import { onePage } from '@/lib/api/pages';
import { escalationPolicyInputSchema } from '@/lib/contracts/api';
import { createPolicy } from '@/lib/escalation/manage';

export const dynamic = 'force-dynamic';

// GET /api/v1/escalation-policies — the team's escalation policies (one page)
export const GET = apiRoute(async ({ ctx }) => onePage(await listApiPolicies(ctx)));

// POST /api/v1/escalation-policies — a new policy (editor)
export const POST = apiRoute(async ({ ctx, body }) => {
  const { id } = await createPolicy({ ctx, input: policyInputOf(body(escalationPolicyInputSchema)) });
  const response = resource(await apiPolicy(ctx, id), 201);
  response.headers.set('Location', `/api/v1/escalation-policies/${id}`);
  return response;
});

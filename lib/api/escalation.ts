import 'server-only';
import { getPolicy, listPolicies } from '@/db/queries/escalation';
import type { ApiEscalationPolicy, ApiEscalationPolicyInput } from '@/lib/contracts/api';
import { AppError } from '@/lib/errors';
import { type PolicyInput, policySchema } from '@/lib/escalation/schemas';
import type { TeamContext } from '@/lib/teams/roles';
import { invalid } from './handler';

// Escalation policies through the API, by the same rules as the form (lib/escalation/schemas.ts).

export async function apiPolicy(ctx: TeamContext, id: string): Promise<ApiEscalationPolicy> {
  const policy = await getPolicy(ctx.teamId, id);
  if (!policy) throw new AppError('NOT_FOUND', 'That escalation policy does not exist.');
  return policy;
}

export async function listApiPolicies(ctx: TeamContext): Promise<ApiEscalationPolicy[]> {
  return listPolicies(ctx.teamId);
}

/** The policy an API body describes: 400 with each problem under its field (steps.1.waitMinutes). */
export function policyInputOf(input: ApiEscalationPolicyInput): PolicyInput {
  const parsed = policySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalid(
    'The escalation policy is not valid; see details.',
    parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  );
}

/** What PATCH merges into. */
export function inputOfPolicy(policy: ApiEscalationPolicy): ApiEscalationPolicyInput {
  return { name: policy.name, repeatCount: policy.repeatCount, steps: policy.steps };
}

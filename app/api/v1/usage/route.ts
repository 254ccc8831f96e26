import { teamOwnerId } from '@/db/queries/teams';
import { apiRoute } from '@/lib/api/handler';
import { PLANS } from '@/lib/plans';
import { usageOverview } from '@/lib/plans/overview';

export const dynamic = 'force-dynamic';

// GET /api/v1/usage — the plan that covers the team, its limits and what is used of them
export const GET = apiRoute(async ({ ctx }) => {
  const usage = await usageOverview((await teamOwnerId(ctx.teamId))!);
  const limits = PLANS[usage.plan];
  const of = (resource: 'agents' | 'monitors') => ({ used: usage.resources[resource].used, limit: usage.resources[resource].limit, level: usage.resources[resource].level });
  return Response.json({
    plan: usage.plan,
    limits: { agents: limits.agents, monitors: limits.monitors, shortestIntervalSeconds: limits.shortestIntervalSeconds, retentionDays: limits.retentionDays },
    usage: { agents: of('agents'), monitors: of('monitors') },
  });
});

// Plan limits (DESIGN.md). An operator changes a user's plan with users.plan.

export interface PlanLimits {
  agents: number;
  monitors: number;
  shortestIntervalSeconds: number;
  retentionDays: number;
}

export const PLANS = {
  free: { agents: 2, monitors: 10, shortestIntervalSeconds: 60, retentionDays: 30 },
  pro: { agents: 25, monitors: 250, shortestIntervalSeconds: 10, retentionDays: 365 },
} as const satisfies Record<string, PlanLimits>;

export type PlanName = keyof typeof PLANS;

/** A user's limits; an unknown or missing plan is treated as free. */
export function planLimits(plan: string | null | undefined): PlanLimits {
  return PLANS[plan as PlanName] ?? PLANS.free;
}

export const LONGEST_RETENTION_DAYS = Math.max(...Object.values(PLANS).map((plan) => plan.retentionDays));

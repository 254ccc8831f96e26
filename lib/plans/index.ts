// Plans and their limits (DESIGN.md): the one place they are defined. Pure rules only;
// the transactions that enforce them are in ./usage.ts.

import { formatCount } from '@/lib/format';

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
export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];

export function isPlanName(value: string): value is PlanName {
  return Object.hasOwn(PLANS, value);
}

/** A user's plan; an unknown or missing one is treated as free. */
export function planName(plan: string | null | undefined): PlanName {
  return plan && isPlanName(plan) ? plan : 'free';
}

export function planLimits(plan: string | null | undefined): PlanLimits {
  return PLANS[planName(plan)];
}

export const LONGEST_RETENTION_DAYS = Math.max(...Object.values(PLANS).map((plan) => plan.retentionDays));

/** The limits counted against usage. */
export const COUNTED = ['agents', 'monitors'] as const;
export type CountedResource = (typeof COUNTED)[number];

const SINGULAR: Record<CountedResource, string> = { agents: 'agent', monitors: 'monitor' };

/** usage_events kinds that raise a notice: a crossing, or a plan change that leaves usage near a limit. */
export const NOTICE_KINDS = ['approaching', 'reached', 'plan_changed'] as const;

/** ok below 80 %, approaching from 80 %, reached at 100 % (and above, after a downgrade). */
export type UsageLevel = 'ok' | 'approaching' | 'reached';
const LEVELS: UsageLevel[] = ['ok', 'approaching', 'reached'];

export function usageLevel(used: number, limit: number): UsageLevel {
  if (used >= limit) return 'reached';
  // 80 % without floating point: 8 of 10 is approaching, 7 of 10 is not.
  return used * 5 >= limit * 4 ? 'approaching' : 'ok';
}

/**
 * The lines usage crossed going up, from (used, limit) before to after: each is recorded
 * once per crossing. Going down crosses nothing; the next way up crosses again.
 */
export function crossings(before: { used: number; limit: number }, after: { used: number; limit: number }): Exclude<UsageLevel, 'ok'>[] {
  const from = LEVELS.indexOf(usageLevel(before.used, before.limit));
  const to = LEVELS.indexOf(usageLevel(after.used, after.limit));
  return LEVELS.slice(from + 1, to + 1) as Exclude<UsageLevel, 'ok'>[];
}

/** The next plan up that has room for more of `resource`, if any. */
function roomierPlan(plan: PlanName, resource: CountedResource): PlanName | null {
  return PLAN_NAMES.find((name) => PLANS[name][resource] > PLANS[plan][resource]) ?? null;
}

function count(n: number, resource: CountedResource): string {
  return `${formatCount(n)} ${n === 1 ? SINGULAR[resource] : resource}`;
}

/** How a user raises a limit on a self-hosted server: the operator changes the plan. */
function howToRaise(plan: PlanName, resource: CountedResource): string {
  const next = roomierPlan(plan, resource);
  return next
    ? `Delete one you no longer need, or ask your Watchpost operator to move you to the ${next} plan (${count(PLANS[next][resource], resource)}).`
    : `Delete one you no longer need to make room.`;
}

/** The refusal when a create would go past the limit: names the limit, the usage and the way out. */
export function limitReachedMessage(plan: PlanName, resource: CountedResource, used: number): string {
  const limit = PLANS[plan][resource];
  return `Your ${plan} plan allows ${count(limit, resource)} and you have ${formatCount(used)}. ${howToRaise(plan, resource)}`;
}

/** "8 of 10 monitors used on the free plan", for notices and the usage page. */
export function usageLine(plan: PlanName, resource: CountedResource, used: number): string {
  return `${formatCount(used)} of ${formatCount(PLANS[plan][resource])} ${resource} used on the ${plan} plan`;
}

export function intervalTooShortMessage(plan: PlanName): string {
  const shortest = PLANS[plan].shortestIntervalSeconds;
  const faster = PLAN_NAMES.find((name) => PLANS[name].shortestIntervalSeconds < shortest);
  const raise = faster
    ? ` Ask your Watchpost operator to move you to the ${faster} plan for checks as often as every ${PLANS[faster].shortestIntervalSeconds} seconds.`
    : '';
  return `Your ${plan} plan checks at most every ${shortest} seconds: choose ${shortest} or more.${raise}`;
}

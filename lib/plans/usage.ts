import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Transaction } from '@/db';
import { usageCounts } from '@/db/queries/usage';
import { teamMembers, usageEvents, users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import {
  COUNTED,
  type CountedResource,
  crossings,
  intervalTooShortMessage,
  limitReachedMessage,
  NOTICE_KINDS,
  type PlanName,
  PLANS,
  planName,
} from './index';

// Plan limits enforced inside the transaction of the write that would exceed them. A plan
// is its owner's (`users.plan`) and covers every team they own, counted together.
// `lockUsage` takes the owner's row lock first (FOR NO KEY UPDATE: it does not block the
// foreign-key checks of other writes, only other holders of this lock), so two creates at
// the limit run one after the other and the second sees the first's row.

export interface Usage {
  /** The user whose plan this is: the team's owner. */
  ownerId: string;
  plan: PlanName;
  agents: number;
  monitors: number;
}

export async function lockUsage(tx: Transaction, userId: string): Promise<Usage> {
  const [user] = await tx.select({ plan: users.plan }).from(users).where(eq(users.id, userId)).for('no key update');
  // A session whose user was deleted meanwhile: as for any other missing thing.
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  // Counted after the lock: a concurrent create of this user has committed or not begun.
  const [counts] = await tx.select(usageCounts(userId)).from(sql`(SELECT 1) AS one`);
  return { ownerId: userId, plan: planName(user.plan), agents: counts?.agents ?? 0, monitors: counts?.monitors ?? 0 };
}

/** The owner of team `teamId`, whose plan covers it. */
export async function teamOwnerId(tx: Transaction, teamId: string): Promise<string> {
  const [owner] = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'owner')));
  if (!owner) throw new AppError('NOT_FOUND', 'That team no longer exists.');
  return owner.userId;
}

/** lockUsage for the owner of team `teamId`. */
export async function lockTeamUsage(tx: Transaction, teamId: string): Promise<Usage> {
  return lockUsage(tx, await teamOwnerId(tx, teamId));
}

/** Refuse adding `quantity` of `resource` past the plan's limit. */
export function assertRoomFor(usage: Usage, resource: CountedResource, quantity = 1): void {
  if (usage[resource] + quantity > PLANS[usage.plan][resource]) {
    throw new AppError('LIMIT_REACHED', limitReachedMessage(usage.plan, resource, usage[resource]));
  }
}

/**
 * Refuse an interval shorter than the plan allows. `current` is the monitor's interval
 * before an edit: a monitor made on a roomier plan keeps its interval after a downgrade,
 * it just cannot be made shorter.
 */
export function assertInterval(usage: Usage, intervalSeconds: number, current?: number | null): void {
  if (intervalSeconds >= PLANS[usage.plan].shortestIntervalSeconds || intervalSeconds === current) return;
  const message = intervalTooShortMessage(usage.plan);
  throw new AppError('LIMIT_REACHED', message, { details: [{ field: 'intervalSeconds', message }] });
}

/**
 * Record that `resource` usage changed by `quantity` (created: up, deleted: down), with
 * the crossing of 80 % or 100 % it caused, if any. `before` is the usage lockUsage read.
 */
export async function recordUsageChange(
  tx: Transaction,
  input: { teamId: string; before: Usage; resource: CountedResource; kind: 'created' | 'deleted'; quantity: number; resourceId?: string },
): Promise<void> {
  if (input.quantity === 0) return;
  const limit = PLANS[input.before.plan][input.resource];
  const usedBefore = input.before[input.resource];
  const used = input.kind === 'created' ? usedBefore + input.quantity : Math.max(0, usedBefore - input.quantity);
  const common = { userId: input.before.ownerId, teamId: input.teamId, resource: input.resource, used, limit, plan: input.before.plan };
  await tx.insert(usageEvents).values([
    { ...common, kind: input.kind, quantity: input.quantity, resourceId: input.resourceId ?? null },
    ...crossings({ used: usedBefore, limit }, { used, limit }).map((kind) => ({ ...common, kind })),
  ]);
}

/** Change a user's plan, with a plan_changed row per limit and the crossings the new limits cause. */
export async function changePlan(
  tx: Transaction,
  input: { userId: string; plan: PlanName },
): Promise<{ before: Usage; changed: boolean }> {
  const before = await lockUsage(tx, input.userId);
  if (before.plan === input.plan) return { before, changed: false };
  await tx.update(users).set({ plan: input.plan }).where(eq(users.id, input.userId));
  const rows = COUNTED.flatMap((resource) => {
    const used = before[resource];
    const limit = PLANS[input.plan][resource];
    const common = { userId: input.userId, resource, used, limit, plan: input.plan };
    return [
      { ...common, kind: 'plan_changed' as const },
      ...crossings({ used, limit: PLANS[before.plan][resource] }, { used, limit }).map((kind) => ({ ...common, kind })),
    ];
  });
  await tx.insert(usageEvents).values(rows);
  return { before, changed: true };
}

/** Dismiss `resource`'s usage notice; the next crossing or plan change raises it again. */
export async function dismissUsageNotice(tx: Transaction, userId: string, resource: CountedResource): Promise<void> {
  const ofResource = and(eq(usageEvents.userId, userId), eq(usageEvents.resource, resource), inArray(usageEvents.kind, [...NOTICE_KINDS]));
  const dismissed = await tx
    .update(usageEvents)
    .set({ dismissedAt: sql`now()` })
    .where(and(ofResource, isNull(usageEvents.dismissedAt)))
    .returning({ id: usageEvents.id });
  if (dismissed.length > 0) return;
  const [earlier] = await tx.select({ id: usageEvents.id }).from(usageEvents).where(ofResource).limit(1);
  if (earlier) return;
  // Usage that got near the limit without a recorded crossing (rows written before usage
  // events existed, or by hand): record the crossing now, already dismissed.
  const usage = await lockUsage(tx, userId);
  const limit = PLANS[usage.plan][resource];
  const level = crossings({ used: 0, limit }, { used: usage[resource], limit }).at(-1);
  if (!level) return;
  await tx.insert(usageEvents).values({ userId, resource, kind: level, used: usage[resource], limit, plan: usage.plan, dismissedAt: sql`now()` });
}

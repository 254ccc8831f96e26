import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { escalationPolicies, escalationStepChannels, escalationSteps, monitorEscalationPolicies, notificationChannels } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { AppError } from '@/lib/errors';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import type { PolicyInput } from './schemas';

// A team's escalation policies, kept by its editors like its channels. Every statement is
// scoped by ctx.teamId: another team's policy, channel or monitor is NOT_FOUND.

const notFound = () => new AppError('NOT_FOUND', 'That escalation policy does not exist.');

function nameTaken(error: unknown, name: string): AppError | null {
  if (pgError(error)?.code !== UNIQUE_VIOLATION) return null;
  const message = `You already have a policy named “${name}”.`;
  return new AppError('CONFLICT', message, { details: [{ field: 'name', message }] });
}

async function assertOwnChannels(tx: Transaction, ctx: TeamContext, input: PolicyInput): Promise<void> {
  const ids = [...new Set(input.steps.flatMap((step) => step.channelIds))];
  if (ids.length === 0) return;
  const own = await tx.select({ id: notificationChannels.id }).from(notificationChannels).where(and(eq(notificationChannels.teamId, ctx.teamId), inArray(notificationChannels.id, ids)));
  if (own.length !== ids.length) throw new AppError('NOT_FOUND', 'Choose among your team’s channels.', { details: [{ field: 'channelIds', message: 'Choose among your team’s channels.' }] });
}

async function writeSteps(tx: Transaction, policyId: string, input: PolicyInput): Promise<void> {
  await tx.delete(escalationSteps).where(eq(escalationSteps.policyId, policyId));
  for (const [position, step] of input.steps.entries()) {
    const [row] = await tx.insert(escalationSteps).values({ policyId, position, waitMinutes: step.waitMinutes, notifyResponders: step.notifyResponders }).returning({ id: escalationSteps.id });
    if (step.channelIds.length) await tx.insert(escalationStepChannels).values([...new Set(step.channelIds)].map((channelId) => ({ stepId: row!.id, channelId })));
  }
}

export async function createPolicy({ ctx, input }: { ctx: TeamContext; input: PolicyInput }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.manageChannels);
  try {
    return await db.transaction(async (tx) => {
      await assertOwnChannels(tx, ctx, input);
      const [row] = await tx.insert(escalationPolicies).values({ teamId: ctx.teamId, userId: ctx.userId, name: input.name, repeatCount: input.repeatCount }).returning({ id: escalationPolicies.id });
      await writeSteps(tx, row!.id, input);
      await recordAudit(tx, ctx, { action: 'created', kind: 'escalation_policy', id: row!.id, label: input.name });
      return row!;
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

/**
 * Replace a policy's name, repeats and steps. Incidents escalating by it go on from the step
 * they are at (one past the last now simply finishes).
 */
export async function updatePolicy({ ctx, input }: { ctx: TeamContext; input: PolicyInput & { policyId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageChannels);
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(escalationPolicies)
        .set({ name: input.name, repeatCount: input.repeatCount })
        .where(and(eq(escalationPolicies.id, input.policyId), eq(escalationPolicies.teamId, ctx.teamId)))
        .returning({ id: escalationPolicies.id });
      if (!row) throw notFound();
      await assertOwnChannels(tx, ctx, input);
      await writeSteps(tx, row.id, input);
      await recordAudit(tx, ctx, { action: 'changed', kind: 'escalation_policy', id: row.id, label: input.name, fields: ['name', 'repeatCount', 'steps'] });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

/** Delete a policy: its monitors keep their plain channels, and escalations by it stop. */
export async function deletePolicy({ ctx, input }: { ctx: TeamContext; input: { policyId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageChannels);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(escalationPolicies)
      .where(and(eq(escalationPolicies.id, input.policyId), eq(escalationPolicies.teamId, ctx.teamId)))
      .returning({ id: escalationPolicies.id, name: escalationPolicies.name });
    if (!row) throw notFound();
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'escalation_policy', id: row.id, label: row.name });
  });
}

/**
 * Put a monitor on a policy (null: none), in the transaction that saves the monitor: the
 * caller has found the monitor among the team's; the policy must be the team's too.
 */
export async function setMonitorPolicy(tx: Transaction, ctx: TeamContext, monitorId: string, policyId: string | null): Promise<void> {
  if (policyId) {
    const [own] = await tx.select({ id: escalationPolicies.id }).from(escalationPolicies).where(and(eq(escalationPolicies.id, policyId), eq(escalationPolicies.teamId, ctx.teamId)));
    if (!own) throw new AppError('NOT_FOUND', 'That escalation policy does not exist.', { details: [{ field: 'escalationPolicyId', message: 'Choose one of your team’s escalation policies.' }] });
  }
  if (!policyId) {
    await tx.delete(monitorEscalationPolicies).where(eq(monitorEscalationPolicies.monitorId, monitorId));
    return;
  }
  await tx
    .insert(monitorEscalationPolicies)
    .values({ monitorId, policyId })
    .onConflictDoUpdate({ target: monitorEscalationPolicies.monitorId, set: { policyId: sql`excluded.policy_id` } });
}

import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { agents, monitors } from '@/db/schema';
import { hostOfTarget, isPrivateHost } from '@/lib/contracts/targets';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { assertInterval, assertRoomFor, lockUsage, recordUsageChange } from '@/lib/plans/usage';
import type { MonitorInput } from './input';

// Monitors a signed-in user manages. A monitor belongs to the user through its agent:
// every statement is limited to monitors of ctx.userId's agents, and a monitor may only
// be pointed at one of ctx.userId's agents.

export interface OwnerContext {
  userId: string;
}

const notFound = () => new AppError('NOT_FOUND', 'That monitor does not exist.');
const ownAgentIds = (userId: string) => db.select({ id: agents.id }).from(agents).where(eq(agents.userId, userId));

async function checkAgent(tx: Transaction, ctx: OwnerContext, input: MonitorInput): Promise<void> {
  const [agent] = await tx
    .select({ kind: agents.kind })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.userId, ctx.userId)));
  if (!agent) {
    throw new AppError('NOT_FOUND', 'Choose one of your agents.', { details: [{ field: 'agentId', message: 'Choose one of your agents.' }] });
  }
  const env = getEnv();
  // The built-in agent runs inside the server: in production it must not become a way
  // to probe the server's own network, unless the operator allows it.
  if (agent.kind === 'builtin' && !env.WATCHPOST_EMBEDDED && !env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS) {
    const host = hostOfTarget(input.type, input.target);
    if (host && isPrivateHost(host)) {
      const message = 'The built-in agent may only check public addresses on this server. Use a remote agent for private ones.';
      throw new AppError('FORBIDDEN', message, { details: [{ field: 'target', message }] });
    }
  }
}

export async function createMonitor({ ctx, input }: { ctx: OwnerContext; input: MonitorInput }): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const usage = await lockUsage(tx, ctx.userId);
    await checkAgent(tx, ctx, input);
    assertInterval(usage, input.intervalSeconds);
    assertRoomFor(usage, 'monitors');
    const [created] = await tx.insert(monitors).values({ ...input, status: 'unknown', enabled: true }).returning({ id: monitors.id });
    await recordUsageChange(tx, { userId: ctx.userId, before: usage, resource: 'monitors', kind: 'created', quantity: 1, resourceId: created!.id });
    return created!;
  });
}

export async function updateMonitor({ ctx, input }: { ctx: OwnerContext; input: MonitorInput & { monitorId: string } }) {
  const { monitorId, ...fields } = input;
  await db.transaction(async (tx) => {
    const usage = await lockUsage(tx, ctx.userId);
    const [current] = await tx
      .select({ intervalSeconds: monitors.intervalSeconds })
      .from(monitors)
      .where(and(eq(monitors.id, monitorId), inArray(monitors.agentId, ownAgentIds(ctx.userId))));
    if (!current) throw notFound();
    await checkAgent(tx, ctx, fields);
    assertInterval(usage, fields.intervalSeconds, current.intervalSeconds);
    await tx.update(monitors).set(fields).where(eq(monitors.id, monitorId));
  });
}

/** Pause (status `paused`) or resume (status `unknown` until the next heartbeat) a monitor. */
export async function setMonitorEnabled({ ctx, input }: { ctx: OwnerContext; input: { monitorId: string; enabled: boolean } }) {
  const updated = await db
    .update(monitors)
    .set({ enabled: input.enabled, status: input.enabled ? 'unknown' : 'paused' })
    .where(and(eq(monitors.id, input.monitorId), inArray(monitors.agentId, ownAgentIds(ctx.userId))))
    .returning({ id: monitors.id });
  if (updated.length === 0) throw notFound();
}

export async function deleteMonitor({ ctx, input }: { ctx: OwnerContext; input: { monitorId: string } }) {
  await db.transaction(async (tx) => {
    const usage = await lockUsage(tx, ctx.userId);
    const deleted = await tx
      .delete(monitors)
      .where(and(eq(monitors.id, input.monitorId), inArray(monitors.agentId, ownAgentIds(ctx.userId))))
      .returning({ id: monitors.id });
    if (deleted.length === 0) throw notFound();
    await recordUsageChange(tx, { userId: ctx.userId, before: usage, resource: 'monitors', kind: 'deleted', quantity: 1, resourceId: input.monitorId });
  });
}

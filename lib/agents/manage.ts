import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { agents, monitors } from '@/db/schema';
import { encryptAgentToken, generateAgentToken } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { AppError } from '@/lib/errors';
import { assertRoomFor, lockUsage, recordUsageChange } from '@/lib/plans/usage';

// Agents a signed-in user manages. Every statement is scoped by ctx.userId; another
// user's agent id is NOT_FOUND, exactly like one that does not exist.

export interface OwnerContext {
  userId: string;
}

const notFound = () => new AppError('NOT_FOUND', 'That agent does not exist.');

function nameTaken(error: unknown, name: string): AppError | null {
  const pg = pgError(error);
  if (pg?.code !== UNIQUE_VIOLATION) return null;
  if (pg.constraint === 'agents_one_builtin_per_user') {
    return new AppError('CONFLICT', 'You already have the built-in agent ("This server").', {
      details: [{ field: 'kind', message: 'You already have the built-in agent ("This server").' }],
    });
  }
  const message = `You already have an agent named “${name}”.`;
  return new AppError('CONFLICT', message, { details: [{ field: 'name', message }] });
}

/** A new agent; a remote one comes with its token, shown to the user once and never stored in plain. */
export async function createAgent({
  ctx,
  input,
}: {
  ctx: OwnerContext;
  input: { name: string; kind: 'remote' | 'builtin' };
}): Promise<{ id: string; token: string | null }> {
  const id = randomUUID();
  const token = input.kind === 'remote' ? generateAgentToken(id) : null;
  const apiKeyEncrypted = token ? encryptAgentToken(token, id, serverKeys().current) : Buffer.alloc(0);
  try {
    await db.transaction(async (tx) => {
      const usage = await lockUsage(tx, ctx.userId);
      assertRoomFor(usage, 'agents');
      await tx.insert(agents).values({ id, userId: ctx.userId, name: input.name, kind: input.kind, apiKeyEncrypted });
      await recordUsageChange(tx, { userId: ctx.userId, before: usage, resource: 'agents', kind: 'created', quantity: 1, resourceId: id });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
  return { id, token };
}

export async function renameAgent({ ctx, input }: { ctx: OwnerContext; input: { agentId: string; name: string } }) {
  try {
    const renamed = await db
      .update(agents)
      .set({ name: input.name })
      .where(and(eq(agents.id, input.agentId), eq(agents.userId, ctx.userId)))
      .returning({ id: agents.id });
    if (renamed.length === 0) throw notFound();
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

/** A new token for a remote agent; the old one stops working with this statement. */
export async function rotateAgentKey({ ctx, input }: { ctx: OwnerContext; input: { agentId: string } }): Promise<string> {
  const token = generateAgentToken(input.agentId);
  const rotated = await db
    .update(agents)
    .set({ apiKeyEncrypted: encryptAgentToken(token, input.agentId, serverKeys().current) })
    .where(and(eq(agents.id, input.agentId), eq(agents.userId, ctx.userId), eq(agents.kind, 'remote')))
    .returning({ id: agents.id });
  if (rotated.length === 0) throw notFound();
  return token;
}

/** Deletes the agent with its monitors, their heartbeats and incidents (ON DELETE CASCADE). */
export async function deleteAgent({ ctx, input }: { ctx: OwnerContext; input: { agentId: string } }) {
  await db.transaction(async (tx) => {
    const usage = await lockUsage(tx, ctx.userId);
    const [agent] = await tx
      .select({ monitors: sql<number>`(SELECT count(*) FROM ${monitors} WHERE ${monitors.agentId} = ${input.agentId})`.mapWith(Number) })
      .from(agents)
      .where(and(eq(agents.id, input.agentId), eq(agents.userId, ctx.userId)));
    if (!agent) throw notFound();
    await tx.delete(agents).where(eq(agents.id, input.agentId));
    await recordUsageChange(tx, { userId: ctx.userId, before: usage, resource: 'agents', kind: 'deleted', quantity: 1, resourceId: input.agentId });
    await recordUsageChange(tx, { userId: ctx.userId, before: usage, resource: 'monitors', kind: 'deleted', quantity: agent.monitors });
  });
}

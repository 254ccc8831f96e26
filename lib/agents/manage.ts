import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { agents, monitorLocations, monitors, type NewAgent } from '@/db/schema';
import { encryptAgentToken, generateAgentToken } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { AppError } from '@/lib/errors';
import { closeIncidentsOf } from '@/lib/incidents/manage';
import { recordAudit } from '@/lib/audit/record';
import { assertRoomFor, lockTeamUsage, recordUsageChange, type Usage } from '@/lib/plans/usage';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';

// Agents of a team, managed by its editors. Every statement is scoped by ctx.teamId;
// another team's agent id is NOT_FOUND, exactly like one that does not exist.

const notFound = () => new AppError('NOT_FOUND', 'That agent does not exist.');

function nameTaken(error: unknown, name: string): AppError | null {
  const pg = pgError(error);
  if (pg?.code !== UNIQUE_VIOLATION) return null;
  if (pg.constraint === 'agents_one_builtin_per_team') {
    return new AppError('CONFLICT', 'This team already has the built-in agent ("This server").', {
      details: [{ field: 'kind', message: 'This team already has the built-in agent ("This server").' }],
    });
  }
  const message = `This team already has an agent named “${name}”.`;
  return new AppError('CONFLICT', message, { details: [{ field: 'name', message }] });
}

/** A new agent; a remote one comes with its token, shown to the user once and never stored in plain. */
export async function createAgent({
  ctx,
  input,
}: {
  ctx: TeamContext;
  input: { name: string; kind: 'remote' | 'builtin' };
}): Promise<{ id: string; token: string | null }> {
  requireRole(ctx, PERMISSIONS.manageAgents);
  const id = randomUUID();
  const token = input.kind === 'remote' ? generateAgentToken(id) : null;
  const apiKeyEncrypted = token ? encryptAgentToken(token, id, serverKeys().current) : Buffer.alloc(0);
  try {
    await db.transaction(async (tx) => {
      await insertAgent(tx, ctx, await lockTeamUsage(tx, ctx.teamId), { id, name: input.name, kind: input.kind, apiKeyEncrypted });
      await recordAudit(tx, ctx, { action: 'created', kind: 'agent', id, label: input.name });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
  return { id, token };
}

/**
 * A new agent of the team inside the caller's transaction, `usage` read with lockTeamUsage:
 * refused past the plan's limit, and counted. The caller checked the role and records the
 * audit event (every write function says so itself: tests/integration/audit.test.ts).
 */
export async function insertAgent(
  tx: Transaction,
  ctx: TeamContext,
  usage: Usage,
  agent: Pick<NewAgent, 'id' | 'name' | 'kind' | 'apiKeyEncrypted' | 'status' | 'lastSeenAt'> & { id: string },
): Promise<void> {
  assertRoomFor(usage, 'agents');
  // clock_timestamp(): the order agents were made in, several in one transaction (apply) too.
  await tx.insert(agents).values({ ...agent, userId: ctx.userId, teamId: ctx.teamId, createdAt: sql`clock_timestamp()` });
  await recordUsageChange(tx, { teamId: ctx.teamId, before: usage, resource: 'agents', kind: 'created', quantity: 1, resourceId: agent.id });
}

export async function renameAgent({ ctx, input }: { ctx: TeamContext; input: { agentId: string; name: string } }) {
  requireRole(ctx, PERMISSIONS.manageAgents);
  try {
    await db.transaction(async (tx) => {
      const renamed = await tx
        .update(agents)
        .set({ name: input.name })
        .where(and(eq(agents.id, input.agentId), eq(agents.teamId, ctx.teamId)))
        .returning({ id: agents.id });
      if (renamed.length === 0) throw notFound();
      await recordAudit(tx, ctx, { action: 'changed', kind: 'agent', id: input.agentId, label: input.name, fields: ['name'] });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

/** A new token for a remote agent; the old one stops working with this statement. */
export async function rotateAgentKey({ ctx, input }: { ctx: TeamContext; input: { agentId: string } }): Promise<string> {
  requireRole(ctx, PERMISSIONS.manageAgents);
  const token = generateAgentToken(input.agentId);
  await db.transaction(async (tx) => {
    const [rotated] = await tx
      .update(agents)
      .set({ apiKeyEncrypted: encryptAgentToken(token, input.agentId, serverKeys().current) })
      .where(and(eq(agents.id, input.agentId), eq(agents.teamId, ctx.teamId), eq(agents.kind, 'remote')))
      .returning({ id: agents.id, name: agents.name });
    if (!rotated) throw notFound();
    await recordAudit(tx, ctx, { action: 'key_rotated', kind: 'agent', id: rotated.id, label: rotated.name });
  });
  return token;
}

/**
 * Deletes the agent. A monitor it is the only location of goes with it (its heartbeats and
 * incidents too, ON DELETE CASCADE); one with other locations stays and loses this one (its
 * next location becomes the first).
 */
export async function deleteAgent({ ctx, input }: { ctx: TeamContext; input: { agentId: string } }) {
  requireRole(ctx, PERMISSIONS.manageAgents);
  await db.transaction(async (tx) => {
    const usage = await lockTeamUsage(tx, ctx.teamId);
    const [agent] = await tx
      .select({ name: agents.name })
      .from(agents)
      .where(and(eq(agents.id, input.agentId), eq(agents.teamId, ctx.teamId)));
    if (!agent) throw notFound();
    await promoteNextLocations(tx, input.agentId);
    // The monitors that go with it close their open incidents first (a paging service's alert too).
    const going = await tx.select({ id: monitors.id }).from(monitors).where(eq(monitors.agentId, input.agentId));
    await closeIncidentsOf(tx, ctx, going.map((m) => m.id), 'deleted');
    const [{ monitors: monitorCount }] = await tx.select({ monitors: sql<number>`count(*)`.mapWith(Number) }).from(monitors).where(eq(monitors.agentId, input.agentId)) as [{ monitors: number }];
    await tx.delete(agents).where(eq(agents.id, input.agentId));
    await recordUsageChange(tx, { teamId: ctx.teamId, before: usage, resource: 'agents', kind: 'deleted', quantity: 1, resourceId: input.agentId });
    await recordUsageChange(tx, { teamId: ctx.teamId, before: usage, resource: 'monitors', kind: 'deleted', quantity: monitorCount });
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'agent', id: input.agentId, label: agent.name });
  });
}

/** The monitors whose first location is `agentId` and that have others: the next one (lowest position) becomes the first. */
async function promoteNextLocations(tx: Transaction, agentId: string): Promise<void> {
  await tx.execute(sql`
    WITH next AS (
      SELECT DISTINCT ON (l.monitor_id) l.monitor_id, l.agent_id
      FROM ${monitorLocations} l JOIN ${monitors} m ON m.id = l.monitor_id
      WHERE m.agent_id = ${agentId}
      ORDER BY l.monitor_id, l.position
    ), moved AS (
      DELETE FROM ${monitorLocations} l USING next WHERE l.monitor_id = next.monitor_id AND l.agent_id = next.agent_id RETURNING l.monitor_id
    )
    UPDATE ${monitors} m SET agent_id = next.agent_id FROM next WHERE m.id = next.monitor_id`);
}

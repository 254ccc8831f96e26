import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, runInDrizzle, type Transaction } from '@/db';
import { slos } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { AppError } from '@/lib/errors';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import type { SloInput } from './schemas';

// A team's SLOs, kept by its editors. Every statement is scoped by ctx.teamId: another team's
// SLO, monitor or component is NOT_FOUND.

export const MAX_SLOS_PER_TEAM = 500;

const notFound = () => new AppError('NOT_FOUND', 'That SLO does not exist.');

function nameTaken(error: unknown, name: string): AppError | null {
  if (pgError(error)?.code !== UNIQUE_VIOLATION) return null;
  const message = `You already have an SLO named “${name}”.`;
  return new AppError('CONFLICT', message, { details: [{ field: 'name', message }] });
}

/** The subject must be the team's monitor or a component of one of its status pages. */
async function assertOwnSubject(tx: Transaction, ctx: TeamContext, input: SloInput): Promise<void> {
  const rows = await runInDrizzle(tx)<{ ok: boolean }>(
    input.monitorId
      ? sql`SELECT true AS ok FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE m.id = ${input.monitorId} AND a.team_id = ${ctx.teamId}`
      : sql`SELECT true AS ok FROM status_page_components c JOIN status_pages p ON p.id = c.page_id WHERE c.id = ${input.componentId} AND p.team_id = ${ctx.teamId}`,
  );
  if (rows.length === 0) {
    const message = 'Choose one of your team’s monitors or status page components.';
    throw new AppError('NOT_FOUND', message, { details: [{ field: input.monitorId ? 'monitorId' : 'componentId', message }] });
  }
}

const values = (input: SloInput) => ({
  name: input.name,
  target: input.target,
  window: input.window,
  degradedCountsAsDown: input.degradedCountsAsDown,
  fastBurn: input.fastBurn,
  slowBurn: input.slowBurn,
  monitorId: input.monitorId,
  componentId: input.componentId,
});

export async function createSlo({ ctx, input }: { ctx: TeamContext; input: SloInput }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.manageSlos);
  try {
    return await db.transaction(async (tx) => {
      await assertOwnSubject(tx, ctx, input);
      const [count] = await runInDrizzle(tx)<{ n: number }>(sql`SELECT count(*)::int AS n FROM slos WHERE team_id = ${ctx.teamId}`);
      if ((count?.n ?? 0) >= MAX_SLOS_PER_TEAM) throw new AppError('LIMIT_REACHED', `A team can have at most ${MAX_SLOS_PER_TEAM} SLOs; delete one you no longer need.`);
      const [row] = await tx.insert(slos).values({ teamId: ctx.teamId, userId: ctx.userId, ...values(input) }).returning({ id: slos.id });
      await recordAudit(tx, ctx, { action: 'created', kind: 'slo', id: row!.id, label: input.name });
      return row!;
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

/** Replace an SLO; a changed target, window or subject starts its alerts afresh. */
export async function updateSlo({ ctx, input }: { ctx: TeamContext; input: SloInput & { sloId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageSlos);
  try {
    await db.transaction(async (tx) => {
      await assertOwnSubject(tx, ctx, input);
      const [row] = await tx
        .update(slos)
        .set({ ...values(input), burningSince: null, exhaustedAt: null })
        .where(and(eq(slos.id, input.sloId), eq(slos.teamId, ctx.teamId)))
        .returning({ id: slos.id });
      if (!row) throw notFound();
      await recordAudit(tx, ctx, { action: 'changed', kind: 'slo', id: row.id, label: input.name, fields: Object.keys(values(input)) });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

export async function deleteSlo({ ctx, input }: { ctx: TeamContext; input: { sloId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageSlos);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(slos).where(and(eq(slos.id, input.sloId), eq(slos.teamId, ctx.teamId))).returning({ id: slos.id, name: slos.name });
    if (!row) throw notFound();
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'slo', id: row.id, label: row.name });
  });
}

import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { runInDrizzle, type Transaction } from '@/db';
import { agents, monitorDependencies, monitors } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { TeamContext } from '@/lib/teams/roles';

export const MAX_DEPENDENCIES = 20;

const refuse = (code: 'NOT_FOUND' | 'INVALID_INPUT', message: string) => new AppError(code, message, { details: [{ field: 'dependsOn', message }] });

/**
 * What monitor `monitorId` depends on, replaced by `dependsOnIds`, in the transaction that
 * saves the monitor. Only the team's own monitors, never itself, and never a cycle (the
 * team's dependency graph is changed one save at a time: a lock per team).
 */
export async function setDependencies(tx: Transaction, ctx: TeamContext, monitorId: string, dependsOnIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(dependsOnIds)];
  if (wanted.includes(monitorId)) throw refuse('INVALID_INPUT', 'A monitor cannot depend on itself.');
  if (wanted.length > MAX_DEPENDENCIES) throw refuse('INVALID_INPUT', `A monitor can depend on at most ${MAX_DEPENDENCIES} others.`);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`dependencies:${ctx.teamId}`}, 0))`);
  if (wanted.length) {
    const own = await tx
      .select({ id: monitors.id })
      .from(monitors)
      .innerJoin(agents, eq(agents.id, monitors.agentId))
      .where(and(eq(agents.teamId, ctx.teamId), inArray(monitors.id, wanted)));
    if (own.length !== wanted.length) throw refuse('NOT_FOUND', 'A monitor can only depend on monitors of its own team.');
    const cycle = await findCycle(tx, monitorId, wanted);
    if (cycle) throw refuse('INVALID_INPUT', `That would make a cycle: ${cycle.join(' → ')}. A monitor cannot depend, even through others, on one that depends on it.`);
  }
  await tx.delete(monitorDependencies).where(eq(monitorDependencies.monitorId, monitorId));
  if (wanted.length) await tx.insert(monitorDependencies).values(wanted.map((dependsOnId) => ({ monitorId, dependsOnId })));
}

/** A path from one of `wanted` back to `monitorId` through what is saved (its own edges aside): the cycle the new edges would close, by name. */
async function findCycle(tx: Transaction, monitorId: string, wanted: string[]): Promise<string[] | null> {
  const [row] = await runInDrizzle(tx)<{ path: string[] }>(sql`
    WITH RECURSIVE reach(id, path) AS (
      SELECT w.id, ARRAY[${monitorId}::uuid, w.id] FROM unnest(${`{${wanted.join(',')}}`}::uuid[]) AS w(id)
      UNION ALL
      SELECT d.depends_on_id, reach.path || d.depends_on_id
      FROM reach JOIN monitor_dependencies d ON d.monitor_id = reach.id
      WHERE d.monitor_id <> ${monitorId}::uuid AND NOT d.depends_on_id = ANY (reach.path[2:])
    )
    SELECT (SELECT jsonb_agg(m.name ORDER BY p.n) FROM unnest(reach.path) WITH ORDINALITY AS p(id, n) JOIN monitors m ON m.id = p.id) AS path
    FROM reach WHERE reach.id = ${monitorId}::uuid LIMIT 1`);
  return row?.path ?? null;
}

import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db, runInDrizzle, type Transaction } from '@/db';
import { agents, incidents, monitors } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { stopEscalations } from '@/lib/escalation/round';
import { enqueueIncidentEvents } from '@/lib/notifications/enqueue';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';

// What a team's responders do with an incident of one of its monitors. Another team's
// incident is NOT_FOUND, the same as one that does not exist.

const ownMonitorIds = (teamId: string) =>
  db.select({ id: monitors.id }).from(monitors).innerJoin(agents, eq(monitors.agentId, agents.id)).where(eq(agents.teamId, teamId));

async function monitorName(tx: Transaction, monitorId: string | null): Promise<string> {
  if (!monitorId) return '';
  const [row] = await tx.select({ name: monitors.name }).from(monitors).where(eq(monitors.id, monitorId));
  return row?.name ?? '';
}

async function exists(ctx: TeamContext, incidentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), inArray(incidents.monitorId, ownMonitorIds(ctx.teamId))));
  return Boolean(row);
}

/** Resolved now by a person: the columns, with the time to resolve. */
const resolvedNowBy = (userId: string) => ({
  status: 'resolved',
  resolvedAt: sql`now()`,
  resolvedBy: userId,
  ttrSeconds: sql`GREATEST(0, round(extract(epoch FROM now() - ${incidents.startedAt})))::int`,
});

/** Say "I'm on it": records who and when. Only an open incident can be acknowledged. */
export async function acknowledgeIncident({ ctx, input }: { ctx: TeamContext; input: { incidentId: string } }) {
  requireRole(ctx, PERMISSIONS.respondToIncidents);
  const updated = await db.transaction(async (tx) => {
    const rows = await tx
      .update(incidents)
      .set({ status: 'acknowledged', acknowledgedBy: ctx.userId, acknowledgedAt: sql`now()` })
      .where(and(eq(incidents.id, input.incidentId), eq(incidents.status, 'open'), isNull(incidents.resolvedAt), inArray(incidents.monitorId, ownMonitorIds(ctx.teamId))))
      .returning({ id: incidents.id, monitorId: incidents.monitorId });
    await enqueueIncidentEvents(runInDrizzle(tx), 'incident.acknowledged', rows.map((row) => row.id));
    await stopEscalations(runInDrizzle(tx), rows.map((row) => row.id), 'acknowledged');
    for (const row of rows) await recordAudit(tx, ctx, { action: 'acknowledged', kind: 'incident', id: row.id, label: await monitorName(tx, row.monitorId) });
    return rows;
  });
  if (updated.length) return wakeDeliveryWorker();
  if (!(await exists(ctx, input.incidentId))) throw new AppError('NOT_FOUND', 'That incident does not exist.');
  throw new AppError('CONFLICT', 'That incident is already acknowledged or resolved.');
}

/** Resolve by hand. A new failure streak after this opens a new incident. */
export async function resolveIncident({ ctx, input }: { ctx: TeamContext; input: { incidentId: string } }) {
  requireRole(ctx, PERMISSIONS.respondToIncidents);
  const updated = await db.transaction(async (tx) => {
    const rows = await tx
      .update(incidents)
      .set(resolvedNowBy(ctx.userId))
      .where(and(eq(incidents.id, input.incidentId), isNull(incidents.resolvedAt), inArray(incidents.monitorId, ownMonitorIds(ctx.teamId))))
      .returning({ id: incidents.id, monitorId: incidents.monitorId });
    await enqueueIncidentEvents(runInDrizzle(tx), 'incident.resolved', rows.map((row) => row.id));
    await stopEscalations(runInDrizzle(tx), rows.map((row) => row.id), 'resolved');
    for (const row of rows) await recordAudit(tx, ctx, { action: 'resolved', kind: 'incident', id: row.id, label: await monitorName(tx, row.monitorId) });
    return rows;
  });
  if (updated.length) return wakeDeliveryWorker();
  if (!(await exists(ctx, input.incidentId))) throw new AppError('NOT_FOUND', 'That incident does not exist.');
  throw new AppError('CONFLICT', 'That incident is already resolved.');
}

/**
 * Close the open incidents of monitors that are being paused or deleted (`monitorSql`
 * selects them, inside the transaction that does it): resolved by the person who did it,
 * announced with why, so a paging service's alert is resolved too instead of staying open
 * forever. Runs before a delete, while the incidents still exist.
 */
export async function closeIncidentsOf(tx: Transaction, ctx: TeamContext, monitorIds: string[], because: 'paused' | 'deleted'): Promise<number> {
  if (monitorIds.length === 0) return 0;
  const rows = await tx
    .update(incidents)
    .set(resolvedNowBy(ctx.userId))
    .where(and(inArray(incidents.monitorId, monitorIds), isNull(incidents.resolvedAt)))
    .returning({ id: incidents.id });
  await enqueueIncidentEvents(runInDrizzle(tx), 'incident.resolved', rows.map((row) => row.id), { because });
  await stopEscalations(runInDrizzle(tx), rows.map((row) => row.id), 'resolved');
  return rows.length;
}

import 'server-only';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Transaction } from '@/db';
import { agents, degradedPeriods, locationStates, monitorLocations, monitors } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { TeamContext } from '@/lib/teams/roles';

// A monitor's further locations (the first is monitors.agent_id), kept in step with the form.

/** The further locations' agents, each one of the team's: their kinds, in the order given. */
export async function teamLocationAgents(tx: Transaction, ctx: TeamContext, agentIds: string[]): Promise<{ id: string; kind: string }[]> {
  if (agentIds.length === 0) return [];
  const found = await tx
    .select({ id: agents.id, kind: agents.kind })
    .from(agents)
    .where(and(inArray(agents.id, agentIds), eq(agents.teamId, ctx.teamId)));
  if (found.length !== new Set(agentIds).size) {
    const message = 'Choose the locations among your agents.';
    throw new AppError('NOT_FOUND', message, { details: [{ field: 'locations', message }] });
  }
  return found;
}

/**
 * Make the monitor's further locations `agentIds`: a kept one keeps its position (the
 * microseconds its heartbeats are stored with), a new one takes the lowest free. Locations
 * that go take their state along; a monitor left with one location runs as one again.
 */
export async function syncLocations(tx: Transaction, monitorId: string, firstAgentId: string, agentIds: string[]): Promise<void> {
  const current = await tx.select({ agentId: monitorLocations.agentId, position: monitorLocations.position }).from(monitorLocations).where(eq(monitorLocations.monitorId, monitorId));
  const kept = current.filter((row) => agentIds.includes(row.agentId));
  const gone = current.filter((row) => !agentIds.includes(row.agentId)).map((row) => row.agentId);
  if (gone.length) await tx.delete(monitorLocations).where(and(eq(monitorLocations.monitorId, monitorId), inArray(monitorLocations.agentId, gone)));
  const taken = new Set(kept.map((row) => row.position));
  const added = agentIds.filter((id) => !kept.some((row) => row.agentId === id));
  let position = 1;
  const rows = added.map((agentId) => {
    while (taken.has(position)) position++;
    taken.add(position);
    return { monitorId, agentId, position };
  });
  if (rows.length) await tx.insert(monitorLocations).values(rows);
  const locations = [firstAgentId, ...agentIds];
  if (agentIds.length === 0) await tx.delete(locationStates).where(eq(locationStates.monitorId, monitorId));
  else await tx.delete(locationStates).where(and(eq(locationStates.monitorId, monitorId), notInArray(locationStates.agentId, locations)));
}

/** The monitor stops being degraded now (degraded checking turned off). */
export async function endDegraded(tx: Transaction, monitorId: string): Promise<void> {
  await tx.update(degradedPeriods).set({ endedAt: sql`greatest(${degradedPeriods.startedAt}, now())` }).where(and(eq(degradedPeriods.monitorId, monitorId), sql`${degradedPeriods.endedAt} IS NULL`));
  await tx.update(monitors).set({ degradedSince: null, paceKind: null, paceCount: 0, paceStartedAt: null }).where(eq(monitors.id, monitorId));
  await tx.update(locationStates).set({ degradedSince: null, paceKind: null, paceCount: 0, paceStartedAt: null }).where(eq(locationStates.monitorId, monitorId));
}

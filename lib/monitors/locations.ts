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
  if (current.length && agentIds.length === 0) {
    // Back to one location: its machine goes on from where the first location's was.
    await tx.execute(sql`
      UPDATE ${monitors} m SET streak_kind = s.streak_kind, streak_count = s.streak_count, streak_started_at = s.streak_started_at,
        pace_kind = s.pace_kind, pace_count = s.pace_count, pace_started_at = s.pace_started_at
      FROM ${locationStates} s WHERE m.id = ${monitorId} AND s.monitor_id = m.id AND s.agent_id = m.agent_id`);
    await tx.delete(locationStates).where(eq(locationStates.monitorId, monitorId));
  } else if (!current.length && agentIds.length) {
    // From one location to several: the first goes on from the monitor's own state (a down
    // monitor stays down from the first location's side until the rule says otherwise).
    await tx.execute(sql`
      INSERT INTO ${locationStates} (monitor_id, agent_id, status, last_heartbeat_at, streak_kind, streak_count, streak_started_at, down_since,
        pace_kind, pace_count, pace_started_at, degraded_since)
      SELECT m.id, m.agent_id, CASE WHEN m.status IN ('up', 'pending', 'down') THEN m.status ELSE 'unknown' END, m.last_heartbeat_at,
        m.streak_kind, m.streak_count, m.streak_started_at,
        CASE WHEN m.status = 'down' THEN coalesce((SELECT i.started_at FROM incidents i WHERE i.monitor_id = m.id AND i.resolved_at IS NULL), m.streak_started_at) END,
        m.pace_kind, m.pace_count, m.pace_started_at, m.degraded_since
      FROM ${monitors} m WHERE m.id = ${monitorId} AND m.agent_id = ${firstAgentId}
      ON CONFLICT DO NOTHING`);
  } else {
    await tx.delete(locationStates).where(and(eq(locationStates.monitorId, monitorId), notInArray(locationStates.agentId, locations)));
  }
}

/** The monitor stops being degraded now (degraded checking turned off). */
export async function endDegraded(tx: Transaction, monitorId: string): Promise<void> {
  await tx.update(degradedPeriods).set({ endedAt: sql`greatest(${degradedPeriods.startedAt}, now())` }).where(and(eq(degradedPeriods.monitorId, monitorId), sql`${degradedPeriods.endedAt} IS NULL`));
  await tx.update(monitors).set({ degradedSince: null, paceKind: null, paceCount: 0, paceStartedAt: null }).where(eq(monitors.id, monitorId));
  await tx.update(locationStates).set({ degradedSince: null, paceKind: null, paceCount: 0, paceStartedAt: null }).where(eq(locationStates.monitorId, monitorId));
}

import 'server-only';
import { sql } from 'drizzle-orm';
import type { SqlRunner } from '@/db';
import { heldByOpenParent, monitorInMaintenance, quietIncident } from '@/db/sql/maintenance';
import { enqueueIncidentEvents } from '@/lib/notifications/enqueue';
import { uuidArray } from '@/db/sql/ids';

// Dependencies and alerting (uptime is not touched: a child that was down was down).
// An incident that opens while a monitor its monitor depends on has an open incident is
// held: marked "probably caused by" that incident, with no message of its own (quietIncident),
// and listed on that incident's page. When that incident is resolved and the child is still
// down, the leader's round announces the child then.

/**
 * Hold the just-opened incidents `incidentIds` whose monitor depends on one with an open
 * incident: run in the transaction that opened them, after they were inserted (so a parent
 * opened in the same batch counts), before their events are written.
 */
export async function holdForDependencies(run: SqlRunner, incidentIds: string[]): Promise<void> {
  if (incidentIds.length === 0) return;
  await run(sql`
    UPDATE incidents c SET held_by_dependency = true, caused_by_incident_id = parent.id
    FROM (
      SELECT DISTINCT ON (c2.id) c2.id AS child_id, p.id
      FROM incidents c2
      JOIN monitor_dependencies d ON d.monitor_id = c2.monitor_id
      JOIN incidents p ON p.monitor_id = d.depends_on_id AND p.resolved_at IS NULL AND p.id <> c2.id
      WHERE c2.id = ANY (${uuidArray(incidentIds)})
      ORDER BY c2.id, p.started_at
    ) parent
    WHERE c.id = parent.child_id`);
}

/**
 * Announce held incidents whose cause is over (resolved, or its monitor deleted) and that are
 * still open: their incident.opened goes out now. Not inside maintenance (the maintenance
 * round announces those when it ends). Run by the leader each round; returns how many.
 */
export async function announceReleased(run: SqlRunner): Promise<number> {
  const released = await run<{ id: string }>(sql`
    SELECT i.id FROM incidents i
    WHERE i.held_by_dependency AND i.resolved_at IS NULL AND ${quietIncident}
      AND NOT ${heldByOpenParent} AND NOT ${monitorInMaintenance(sql`i.monitor_id`)}
    FOR UPDATE OF i SKIP LOCKED`);
  await enqueueIncidentEvents(run, 'incident.opened', released.map((row) => row.id), { afterMaintenance: true });
  return released.length;
}

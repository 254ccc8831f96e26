import 'server-only';
import { sql } from 'drizzle-orm';
import { db, runInDrizzle } from '@/db';
import { enqueueIncidentEvents, enqueueMaintenanceEvents } from '@/lib/notifications/enqueue';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';
import { enqueueMaintenanceNotices } from '@/lib/status-pages/subscriptions';
import { topUpOccurrences, touchPagesOf } from './manage';
import { heldByOpenParent, monitorInMaintenance } from '@/db/sql/maintenance';
import { uuidArray } from '@/db/sql/ids';

// What time does to maintenance, run by the background leader each round (and at once when
// a window is ended early): occurrences starting within the hour, starting, and ending are
// each claimed once (an UPDATE of their *_handled_at), in one transaction with what follows
// from them: notices to subscribers and to the channels that chose them, the pages' caches let go, and at the end, the alert for
// every monitor still down whose incident opened inside the window and was kept quiet.

const TOP_UP_EVERY_MS = 10 * 60_000;
let lastTopUp = 0;

export async function handleMaintenanceRound(): Promise<{ soon: number; started: number; ended: number; alerted: number }> {
  const result = await db.transaction(async (tx) => {
    const run = runInDrizzle(tx);
    const soon = await run<{ id: string }>(sql`
      UPDATE maintenance_occurrences SET soon_handled_at = now()
      WHERE end_handled_at IS NULL AND soon_handled_at IS NULL AND starts_at <= now() + interval '1 hour' AND starts_at > now()
      RETURNING id`);
    const started = await run<{ id: string; window_id: string }>(sql`
      UPDATE maintenance_occurrences SET start_handled_at = now(), soon_handled_at = coalesce(soon_handled_at, now())
      WHERE end_handled_at IS NULL AND start_handled_at IS NULL AND starts_at <= now() AND ends_at > now()
      RETURNING id, window_id`);
    const ended = await run<{ id: string; window_id: string }>(sql`
      UPDATE maintenance_occurrences SET end_handled_at = now(), start_handled_at = coalesce(start_handled_at, now()), soon_handled_at = coalesce(soon_handled_at, now())
      WHERE end_handled_at IS NULL AND ends_at <= now()
      RETURNING id, window_id`);
    await enqueueMaintenanceNotices(run, 'soon', soon.map((row) => row.id));
    await enqueueMaintenanceNotices(run, 'started', started.map((row) => row.id));
    await enqueueMaintenanceNotices(run, 'ended', ended.map((row) => row.id));
    await enqueueMaintenanceEvents(run, 'maintenance.started', started.map((row) => row.id));
    await enqueueMaintenanceEvents(run, 'maintenance.ended', ended.map((row) => row.id));
    await touchPagesOf(run, [...new Set([...started, ...ended].map((row) => row.window_id))]);
    // Still down at the end: the incidents opened inside, never announced, of monitors no other window covers now.
    const quiet = ended.length
      ? await run<{ id: string }>(sql`
          SELECT DISTINCT i.id FROM maintenance_occurrences o
          JOIN maintenance_window_monitors wm ON wm.window_id = o.window_id
          JOIN incidents i ON i.monitor_id = wm.monitor_id AND i.resolved_at IS NULL AND i.in_maintenance
          WHERE o.id = ANY (${uuidArray(ended.map((row) => row.id))})
            AND NOT EXISTS (SELECT 1 FROM notification_events e WHERE e.incident_id = i.id AND e.kind = 'incident.opened')
            AND NOT ${monitorInMaintenance(sql`wm.monitor_id`)} AND NOT ${heldByOpenParent}`)
      : [];
    await enqueueIncidentEvents(run, 'incident.opened', quiet.map((row) => row.id), { afterMaintenance: true });
    return { soon: soon.length, started: started.length, ended: ended.length, alerted: quiet.length };
  });
  if (result.soon + result.started + result.ended > 0) wakeDeliveryWorker();
  // Recurring windows are expanded 90 days ahead: topping them up a few times an hour is plenty.
  if (Date.now() - lastTopUp >= TOP_UP_EVERY_MS) {
    lastTopUp = Date.now();
    await topUpOccurrences();
  }
  return result;
}

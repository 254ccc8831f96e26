import 'server-only';
import { sql } from 'drizzle-orm';
import { runIn, sqlClient } from '@/db';
import { oldestOpenStartSql, overduePushMonitors, type PushMonitorRow } from '@/db/queries/push';
import { completeOptions, type PushOptions } from '@/lib/contracts/monitors';
import { formatDuration } from '@/lib/format';
import { countHeartbeats } from '@/lib/ingest/count';
import { ingestBatch } from '@/lib/ingest/ingest-batch';
import { deadlineOf, nextExpected } from './schedule';

// The leader's lateness sweep: every push monitor whose deadline has passed gets one
// failed check at its deadline (through ingest, like any check), and its next deadline.
// The deadlines live in the database (an index on them: no scan of all monitors), so a
// restart or a new leader carries on where the last one stopped; a server that was down
// for a while catches up, one failed check per missed run.

const BATCH = 200;
/** Rounds per sweep: a long outage's backlog is worked off over a few sweeps, not in one. */
const MAX_ROUNDS = 50;

/** The monitor moved on meanwhile (a ping arrived, it was paused or edited): nothing to miss. */
class Superseded extends Error {}

/** Record every missed deadline up to `now`; the number of failed checks written. */
export async function sweepLatePushMonitors(now = new Date()): Promise<number> {
  let missed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const due = await overduePushMonitors(now, BATCH);
    let moved = 0;
    for (const monitor of due) {
      try {
        await recordMiss(monitor);
        missed++;
        moved++;
      } catch (error) {
        if (!(error instanceof Superseded)) throw error;
      }
    }
    // Again while this round moved something: a monitor may owe several missed runs.
    if (moved === 0) break;
  }
  return missed;
}

async function recordMiss(monitor: PushMonitorRow): Promise<void> {
  const options = completeOptions('push', monitor.options) as PushOptions;
  const deadline = monitor.deadlineAt!;
  const graceMs = options.graceSeconds * 1000;
  const grace = formatDuration(options.graceSeconds);
  const at = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const [oldest] = await runIn(sqlClient())<{ id: number; time: Date }>(oldestOpenStartSql(monitor.id));
  // Whichever made the deadline: a started run that did not end within grace, or the schedule.
  const timedOut = oldest && new Date(oldest.time).getTime() + graceMs <= deadline.getTime() ? { id: oldest.id, time: new Date(oldest.time) } : null;
  const expectedAt = timedOut ? monitor.expectedAt : monitor.expectedAt && nextExpected(options, monitor.expectedAt);
  const errorMessage = timedOut
    ? `The run started at ${at(timedOut.time)} did not report success within the grace time (${grace}).`
    : `No ping arrived by ${at(deadline)} (expected at ${monitor.expectedAt ? at(monitor.expectedAt) : 'its first run'}, grace ${grace}).`;

  const result = await ingestBatch(
    { id: monitor.agentId, plan: monitor.plan },
    [{ monitorId: monitor.id, time: deadline.toISOString(), status: 'down', errorMessage }],
    async (tx) => {
      const run = runIn(tx);
      if (timedOut) await run(sql`UPDATE push_pings SET ended_at = ${deadline.toISOString()}::timestamptz WHERE id = ${timedOut.id} AND ended_at IS NULL`);
      const [open] = await run<{ time: Date }>(oldestOpenStartSql(monitor.id));
      const next = deadlineOf(expectedAt, open ? new Date(open.time) : null, options.graceSeconds);
      // Compare-and-set on the deadline read: a ping, a pause or an edit since then wins,
      // and this miss (its heartbeat included) is rolled back.
      const moved = await run(sql`
        UPDATE monitors SET push_expected_at = ${expectedAt?.toISOString() ?? null}::timestamptz,
          push_deadline_at = ${next?.toISOString() ?? null}::timestamptz
        WHERE id = ${monitor.id} AND push_deadline_at = ${deadline.toISOString()}::timestamptz AND enabled IS NOT FALSE
        RETURNING id`);
      if (moved.length === 0) throw new Superseded();
    },
  );
  countHeartbeats(result);
}

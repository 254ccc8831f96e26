import 'server-only';
import type postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { runIn, sqlClient } from '@/db';
import { openRunStart, oldestOpenStartSql, pushMonitorByKeyHash } from '@/db/queries/push';
import type { Heartbeat } from '@/lib/contracts/heartbeats';
import { completeOptions, type PushOptions } from '@/lib/contracts/monitors';
import { ingestBatch } from '@/lib/ingest/ingest-batch';
import { countHeartbeats } from '@/lib/ingest/count';
import { pushKeyHash } from './keys';
import { deadlineOf, nextExpected, type PingKind } from './schedule';

// A ping to a push monitor's URL. A success or a failure is a check: one heartbeat through
// the same ingest as any agent's (so status, incidents, rollups, maintenance and
// notifications treat it like any check), stored with the ping and the monitor's next
// deadline in ingest's transaction. A start or a log line changes no state; a start moves
// the deadline to its own start + grace when that is sooner.

export const PING_BODY_LIMIT = 10 * 1024;
/** Pings kept per monitor (the page shows the newest; open starts are kept until they end). */
const PINGS_KEPT = 100;
/** A run's duration is stored as the check's latency, up to a day. */
const MAX_DURATION_MS = 86_400_000;

export interface Ping {
  key: string;
  kind: PingKind;
  exitStatus: number | null;
  runId: string | null;
  /** The request body's first 10 kB, or null without one. */
  body: string | null;
  sourceIp: string;
  via: 'ping' | 'kuma';
  /** Uptime Kuma's `ping=`: a duration the client measured, in ms. */
  latencyMs?: number;
  /** Uptime Kuma's `msg=`. */
  message?: string;
}

/** What a failure says: exit status, then the body's (or message's) first characters. */
function failureMessage(ping: Ping): string {
  const output = (ping.body ?? ping.message ?? '').trim();
  const head = ping.exitStatus !== null ? `Exit status ${ping.exitStatus}` : 'The job reported a failure';
  return output ? `${head}: ${output}` : `${head}.`;
}

/** Record a ping; false when no push monitor has that key (never existed, or regenerated). */
export async function receivePing(ping: Ping, now = new Date()): Promise<boolean> {
  const monitor = await pushMonitorByKeyHash(pushKeyHash(ping.key));
  if (!monitor) return false;
  const options = completeOptions('push', monitor.options) as PushOptions;
  const ends = ping.kind === 'success' || ping.kind === 'fail';
  const start = ends ? await openRunStart(monitor.id, ping.runId) : null;
  const measured = ping.latencyMs ?? (start ? now.getTime() - start.time.getTime() : undefined);
  const durationMs = measured === undefined ? undefined : Math.min(MAX_DURATION_MS, Math.max(0, Math.round(measured)));

  const record = async (tx: postgres.TransactionSql) => {
    const run = runIn(tx);
    // The monitor row first, as ingest and the sweep lock it: one lock order, no deadlock.
    const [current] = await run<{ enabled: boolean | null; expected_at: Date | null }>(sql`
      SELECT enabled, push_expected_at AS expected_at FROM monitors WHERE id = ${monitor.id} FOR NO KEY UPDATE`);
    if (!current) return;
    if (ping.kind === 'start') {
      // A new start supersedes the open one of the same run (or of runs without an id).
      await run(sql`
        UPDATE push_pings SET ended_at = ${now.toISOString()}::timestamptz
        WHERE monitor_id = ${monitor.id} AND kind = 'start' AND ended_at IS NULL
          AND run_id IS NOT DISTINCT FROM ${ping.runId}::uuid`);
    }
    if (start) await run(sql`UPDATE push_pings SET ended_at = ${now.toISOString()}::timestamptz WHERE id = ${start.id} AND ended_at IS NULL`);
    await run(sql`
      INSERT INTO push_pings (monitor_id, time, kind, exit_status, run_id, duration_ms, body, source_ip, via)
      VALUES (${monitor.id}, ${now.toISOString()}::timestamptz, ${ping.kind}, ${ping.exitStatus}, ${ping.runId}::uuid,
              ${start || ping.latencyMs !== undefined ? (durationMs ?? null) : null}, ${ping.body}, ${ping.sourceIp.slice(0, 64)}, ${ping.via})`);
    await run(sql`
      DELETE FROM push_pings WHERE monitor_id = ${monitor.id} AND (kind <> 'start' OR ended_at IS NOT NULL)
        AND id <= (SELECT id FROM push_pings WHERE monitor_id = ${monitor.id} ORDER BY id DESC OFFSET ${PINGS_KEPT} LIMIT 1)`);
    // A paused monitor keeps its pings but no schedule: resuming sets it afresh.
    if (current.enabled === false) return;
    const expectedAt = ends ? nextExpected(options, now) : current.expected_at && new Date(current.expected_at);
    const [oldest] = await run<{ time: Date }>(oldestOpenStartSql(monitor.id));
    const deadline = deadlineOf(expectedAt, oldest ? new Date(oldest.time) : null, options.graceSeconds);
    await run(sql`
      UPDATE monitors SET push_expected_at = ${expectedAt?.toISOString() ?? null}::timestamptz,
        push_deadline_at = ${deadline?.toISOString() ?? null}::timestamptz
      WHERE id = ${monitor.id}`);
  };

  // A paused monitor's pings are kept, as pings only: no check, no state change.
  if (ends && monitor.enabled !== false) {
    const heartbeat: Heartbeat = {
      monitorId: monitor.id,
      time: now.toISOString(),
      status: ping.kind === 'success' ? 'up' : 'down',
      ...(durationMs !== undefined ? { latencyMs: durationMs } : {}),
      ...(ping.kind === 'fail' ? { errorMessage: failureMessage(ping) } : {}),
    };
    countHeartbeats(await ingestBatch({ id: monitor.agentId, plan: monitor.plan }, [heartbeat], record));
  } else {
    await sqlClient().begin(record);
  }
  return true;
}

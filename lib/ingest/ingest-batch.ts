import 'server-only';
import type postgres from 'postgres';
import { runIn, sqlClient } from '@/db';
import type { Heartbeat, HeartbeatBatchResult } from '@/lib/contracts/heartbeats';
import { MAX_ERROR_MESSAGE } from '@/lib/contracts/heartbeats';
import { enqueueIncidentEvents } from '@/lib/notifications/enqueue';
import { planLimits } from '@/lib/plans';
import { advance, type HeartbeatStatus, type IncidentChange, type MonitorState, type MonitorStatus } from './state-machine';

// One batch from one agent, in one transaction: lock the batch's monitors (in id order,
// so concurrent batches never deadlock), insert every new heartbeat with one statement,
// move each monitor's state on, open and resolve incidents. A 2xx means all of it committed.
// Written against postgres.js directly (this is the hot path). Each statement takes the
// whole batch as one JSON parameter, expanded by jsonb_to_recordset: one statement per
// batch, whatever its size, and no per-type array serialization in the driver.

export interface IngestingAgent {
  id: string;
  plan: string | null;
}

const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

interface LockedMonitor {
  id: string;
  status: MonitorStatus | null;
  enabled: boolean | null;
  failure_threshold: number;
  recovery_threshold: number;
  last_heartbeat_ms: number | null;
  streak_kind: 'up' | 'fail' | null;
  streak_count: number;
  streak_started_ms: number | null;
}

export async function ingestBatch(agent: IngestingAgent, heartbeats: Heartbeat[]): Promise<HeartbeatBatchResult> {
  const now = Date.now();
  const oldest = now - planLimits(agent.plan).retentionDays * 86_400_000;
  const rejected: HeartbeatBatchResult['rejected'] = [];
  const candidates: { index: number; time: Date; heartbeat: Heartbeat }[] = [];
  heartbeats.forEach((heartbeat, index) => {
    const time = new Date(heartbeat.time);
    if (time.getTime() > now + FUTURE_TOLERANCE_MS || time.getTime() < oldest) rejected.push({ index, reason: 'out_of_range' });
    else candidates.push({ index, time, heartbeat });
  });
  if (candidates.length === 0) return { accepted: 0, duplicates: 0, rejected };

  return sqlClient().begin(async (tx) => {
    const ids = [...new Set(candidates.map((c) => c.heartbeat.monitorId))].sort();
    const locked = (await tx`
      SELECT m.id, m.status, m.enabled, m.failure_threshold, m.recovery_threshold,
             (extract(epoch FROM m.last_heartbeat_at) * 1000)::float8 AS last_heartbeat_ms,
             m.streak_kind, m.streak_count,
             (extract(epoch FROM m.streak_started_at) * 1000)::float8 AS streak_started_ms
      FROM monitors m
      WHERE m.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)) AND m.agent_id = ${agent.id}
      ORDER BY m.id
      FOR NO KEY UPDATE OF m`) as unknown as LockedMonitor[];
    // NO KEY UPDATE, not UPDATE: it serializes batches of the same monitor all the same, but
    // does not block the KEY SHARE locks of foreign-key checks, so the rollup refresh (whose
    // upserts check monitors) never waits on a batch or deadlocks with it.
    const monitors = new Map(locked.map((row) => [row.id, row]));
    // Read only once the locks are held: this statement's snapshot then includes whatever
    // a concurrent batch for the same monitors committed while this one waited.
    const unresolved = locked.length
      ? ((await tx`
          SELECT monitor_id FROM incidents
          WHERE resolved_at IS NULL AND monitor_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(locked.map((m) => m.id))}::jsonb))`) as unknown as { monitor_id: string }[])
      : [];
    const withOpenIncident = new Set(unresolved.map((row) => row.monitor_id));

    const rows = candidates.filter((candidate) => {
      if (monitors.has(candidate.heartbeat.monitorId)) return true;
      rejected.push({ index: candidate.index, reason: 'unknown_monitor' });
      return false;
    });
    rejected.sort((a, b) => a.index - b.index);
    if (rows.length === 0) return { accepted: 0, duplicates: 0, rejected };

    const inserted = (await tx`
      INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms, error_message)
      SELECT t.time, t.monitor_id, ${agent.id}::uuid, t.status, t.latency_ms, t.error_message
      FROM jsonb_to_recordset(${JSON.stringify(
        rows.map((r) => ({
          time: r.time.toISOString(),
          monitor_id: r.heartbeat.monitorId,
          status: r.heartbeat.status,
          latency_ms: r.heartbeat.latencyMs ?? null,
          error_message: r.heartbeat.errorMessage === undefined ? null : storableText(r.heartbeat.errorMessage),
        })),
      )}::jsonb) AS t(time timestamptz, monitor_id uuid, status varchar, latency_ms int, error_message text)
      ON CONFLICT (monitor_id, time) DO NOTHING
      RETURNING monitor_id, (extract(epoch FROM time) * 1000)::float8 AS ms, status`) as unknown as {
      monitor_id: string;
      ms: number;
      status: HeartbeatStatus;
    }[];

    // Only heartbeats stored now move a monitor on; a duplicate was applied when it first came.
    const byMonitor = new Map<string, { time: Date; status: HeartbeatStatus }[]>();
    for (const row of inserted) {
      const list = byMonitor.get(row.monitor_id) ?? [];
      list.push({ time: new Date(row.ms), status: row.status });
      byMonitor.set(row.monitor_id, list);
    }

    const updates: { id: string; state: MonitorState }[] = [];
    const incidentChanges: { monitorId: string; change: IncidentChange }[] = [];
    for (const [monitorId, list] of byMonitor) {
      const monitor = monitors.get(monitorId)!;
      // A paused monitor keeps what arrives (results in flight when it was paused) but stays paused.
      if (monitor.enabled === false) continue;
      list.sort((a, b) => a.time.getTime() - b.time.getTime());
      const { state, changes } = advance(
        {
          status: (monitor.status as MonitorStatus) ?? 'unknown',
          lastHeartbeatAt: monitor.last_heartbeat_ms === null ? null : new Date(monitor.last_heartbeat_ms),
          streakKind: monitor.streak_kind,
          streakCount: monitor.streak_count,
          streakStartedAt: monitor.streak_started_ms === null ? null : new Date(monitor.streak_started_ms),
          incidentOpen: withOpenIncident.has(monitorId),
        },
        { failureThreshold: monitor.failure_threshold, recoveryThreshold: monitor.recovery_threshold },
        list,
      );
      updates.push({ id: monitorId, state });
      for (const change of changes) incidentChanges.push({ monitorId, change });
    }

    if (updates.length) {
      await tx`
        UPDATE monitors m SET
          status = u.status, last_heartbeat_at = u.last_heartbeat_at, streak_kind = u.streak_kind,
          streak_count = u.streak_count, streak_started_at = u.streak_started_at
        FROM jsonb_to_recordset(${JSON.stringify(
          updates.map((u) => ({
            id: u.id,
            status: u.state.status,
            last_heartbeat_at: u.state.lastHeartbeatAt?.toISOString() ?? null,
            streak_kind: u.state.streakKind,
            streak_count: u.state.streakCount,
            streak_started_at: u.state.streakStartedAt?.toISOString() ?? null,
          })),
        )}::jsonb) AS u(id uuid, status varchar, last_heartbeat_at timestamptz, streak_kind varchar, streak_count int, streak_started_at timestamptz)
        WHERE m.id = u.id`;
    }
    // In the order the machine made them (one batch can recover and fail again), and in
    // rounds: the n-th change of every monitor together, a few statements per round.
    for (const round of rounds(incidentChanges)) await applyIncidentChanges(tx, round);
    return { accepted: inserted.length, duplicates: rows.length - inserted.length, rejected };
  });
}

/** The changes grouped so each round holds at most one change per monitor, in machine order. */
function rounds(changes: { monitorId: string; change: IncidentChange }[]): { monitorId: string; change: IncidentChange }[][] {
  const grouped: { monitorId: string; change: IncidentChange }[][] = [];
  const count = new Map<string, number>();
  for (const item of changes) {
    const n = count.get(item.monitorId) ?? 0;
    count.set(item.monitorId, n + 1);
    (grouped[n] ??= []).push(item);
  }
  return grouped;
}

/** Open and resolve incidents of distinct monitors, and queue their notifications, in the batch's transaction. */
async function applyIncidentChanges(tx: postgres.TransactionSql, round: { monitorId: string; change: IncidentChange }[]): Promise<void> {
  const opens = round.flatMap(({ monitorId, change }) => (change.kind === 'open' ? [{ monitor_id: monitorId, started_at: change.startedAt.toISOString() }] : []));
  const resolves = round.flatMap(({ monitorId, change }) => (change.kind === 'resolve' ? [{ monitor_id: monitorId, resolved_at: change.resolvedAt.toISOString() }] : []));
  if (resolves.length) {
    const resolved = await tx<{ id: string }[]>`
      UPDATE incidents i SET resolved_at = t.resolved_at, status = 'resolved',
        ttr_seconds = GREATEST(0, round(extract(epoch FROM t.resolved_at - i.started_at)))::int
      FROM jsonb_to_recordset(${JSON.stringify(resolves)}::jsonb) AS t(monitor_id uuid, resolved_at timestamptz)
      WHERE i.monitor_id = t.monitor_id AND i.resolved_at IS NULL
      RETURNING i.id`;
    await enqueueIncidentEvents(runIn(tx), 'incident.resolved', resolved.map((row) => row.id));
  }
  if (opens.length) {
    const opened = await tx<{ id: string }[]>`
      INSERT INTO incidents (monitor_id, started_at, status)
      SELECT t.monitor_id, t.started_at, 'open' FROM jsonb_to_recordset(${JSON.stringify(opens)}::jsonb) AS t(monitor_id uuid, started_at timestamptz)
      RETURNING id`;
    await enqueueIncidentEvents(runIn(tx), 'incident.opened', opened.map((row) => row.id));
  }
}

/**
 * An agent's error message as PostgreSQL text can hold it: at most 1000 characters, no NUL
 * (text cannot store it), no lone UTF-16 surrogate (not valid UTF-8).
 */
export function storableText(message: string): string {
  return message.slice(0, MAX_ERROR_MESSAGE).replaceAll('\u0000', '').toWellFormed();
}

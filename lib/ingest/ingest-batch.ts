import 'server-only';
import type postgres from 'postgres';
import { runIn, sqlClient } from '@/db';
import type { Heartbeat, HeartbeatBatchResult } from '@/lib/contracts/heartbeats';
import { enqueueIncidentEvents } from '@/lib/notifications/enqueue';
import { planLimits } from '@/lib/plans';
import { keepCheckDetails, type StoredHeartbeat } from './check-details';
import { storableText } from './storable-text';
import { advance, type HeartbeatStatus, type IncidentChange, type MonitorState, type MonitorStatus } from './state-machine';

// One batch from one agent, in one transaction: insert every new heartbeat, move each
// monitor's state on, open and resolve incidents. A 2xx means all of it committed.
// Written against postgres.js directly (this is the hot path).
//
// Two ways to run it, with the same outcome:
// - optimistic (almost every batch): read the monitors' state without locking, assume every
//   row is new, write the new state only where the state read is still current (a
//   compare-and-set on last_heartbeat_at, status and enabled), after the rows went in by
//   COPY: no separate locking pass over the monitors.
//   Any sign of a concurrent writer (a row whose state moved, a duplicate heartbeat, an
//   incident the unique index refuses, a deadlock) rolls it all back and
// - locked (up to three more times): the batch runs again holding the monitors' row locks (in id order, so
//   concurrent batches never deadlock), stores the rows exactly once (COPY, or INSERT …
//   ON CONFLICT DO NOTHING when some were stored before) and moves on from what it stored.
// Statements take the batch as arrays in text form or one JSON parameter: a fixed number of
// statements per batch, whatever its size.

export interface IngestingAgent {
  id: string;
  plan: string | null;
}

const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

interface MonitorRow {
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

interface Candidate {
  index: number;
  ms: number;
  heartbeat: Heartbeat;
}

/** pg_advisory_xact_lock(AGENT_LOCK_SPACE, hashtext(agent id)): one batch per agent at a time. */
const AGENT_LOCK_SPACE = 727_012;

/** The optimistic attempt met a concurrent writer: run the batch again with locks. */
class Contended extends Error {}
// unique_violation, deadlock_detected, serialization_failure
const CONTENTION_CODES = new Set(['23505', '40P01', '40001']);

/**
 * More work for the batch's transaction, run after its heartbeats and incidents (a push
 * monitor's ping and schedule): committed with them, or rolled back with them if it throws.
 */
export type WithinBatch = (tx: postgres.TransactionSql) => Promise<void>;

export async function ingestBatch(agent: IngestingAgent, heartbeats: Heartbeat[], within?: WithinBatch): Promise<HeartbeatBatchResult> {
  const now = Date.now();
  const oldest = now - planLimits(agent.plan).retentionDays * 86_400_000;
  const rejected: HeartbeatBatchResult['rejected'] = [];
  const candidates: Candidate[] = [];
  heartbeats.forEach((heartbeat, index) => {
    const ms = Date.parse(heartbeat.time);
    if (ms > now + FUTURE_TOLERANCE_MS || ms < oldest) rejected.push({ index, reason: 'out_of_range' });
    else candidates.push({ index, ms, heartbeat });
  });
  if (candidates.length === 0 && !within) return { accepted: 0, duplicates: 0, rejected };
  const ids = [...new Set(candidates.map((c) => c.heartbeat.monitorId))].sort();

  for (let attempt = 0; ; attempt++) {
    try {
      return await sqlClient().begin(async (tx) => {
        const result = await applyBatch(tx, agent.id, ids, candidates, [...rejected], attempt > 0);
        await within?.(tx);
        return result;
      });
    } catch (error) {
      const contended = error instanceof Contended || CONTENTION_CODES.has((error as { code?: string }).code ?? '');
      if (!contended || attempt >= 3) throw error;
    }
  }
}

async function applyBatch(
  tx: postgres.TransactionSql,
  agentId: string,
  ids: string[],
  candidates: Candidate[],
  rejected: HeartbeatBatchResult['rejected'],
  locked: boolean,
): Promise<HeartbeatBatchResult> {
  const idArray = textArray(ids);
  // Batches of one agent take turns (the common case of two at once: a retry while the
  // first is still running); other writers of a monitor (pausing it, the other agent after
  // a move) are what the compare-and-set and the locked way are for.
  const turn = tx`SELECT pg_advisory_xact_lock(${AGENT_LOCK_SPACE}, hashtext(${agentId}))`;
  const read = tx`
    SELECT m.id, m.status, m.enabled, m.failure_threshold, m.recovery_threshold,
           (extract(epoch FROM m.last_heartbeat_at) * 1000)::float8 AS last_heartbeat_ms,
           m.streak_kind, m.streak_count,
           (extract(epoch FROM m.streak_started_at) * 1000)::float8 AS streak_started_ms
    FROM monitors m
    WHERE m.id = ANY(${idArray}::uuid[]) AND m.agent_id = ${agentId}
    ORDER BY m.id
    ${locked ? tx`FOR NO KEY UPDATE OF m` : tx``}`;
  // NO KEY UPDATE, not UPDATE: it serializes batches of the same monitor all the same, but
  // does not block the KEY SHARE locks of foreign-key checks, so the rollup refresh (whose
  // upserts check monitors) never waits on a batch or deadlocks with it.
  // Locked, the incidents are read only once the locks are held: that statement's snapshot
  // then includes whatever a concurrent batch for the same monitors committed meanwhile.
  // Optimistic, both reads go out together; the compare-and-set below catches what they missed.
  const openIncidents = () => tx<{ monitor_id: string }[]>`
    SELECT monitor_id FROM incidents WHERE resolved_at IS NULL AND monitor_id = ANY(${idArray}::uuid[])`;
  // Sent together, run in order: each statement's snapshot is taken after the turn is ours.
  const [, rows, unresolved] = locked ? [await turn, await read, await openIncidents()] : await Promise.all([turn, read, openIncidents()]);
  const monitors = new Map((rows as unknown as MonitorRow[]).map((row) => [row.id, row]));
  const withOpenIncident = new Set(unresolved.map((row) => row.monitor_id));

  const accepted = candidates.filter((candidate) => {
    if (monitors.has(candidate.heartbeat.monitorId)) return true;
    rejected.push({ index: candidate.index, reason: 'unknown_monitor' });
    return false;
  });
  rejected.sort((a, b) => a.index - b.index);
  if (accepted.length === 0) return { accepted: 0, duplicates: 0, rejected };

  const fresh = distinctHeartbeats(accepted);
  // Locked: what is stored now (a duplicate was applied when it first came). Optimistic:
  // everything, by the COPY below; a duplicate makes it fail and the batch go the locked way.
  const stored = locked ? await insertHeartbeats(tx, agentId, fresh) : fresh;

  const byMonitor = new Map<string, { time: Date; status: HeartbeatStatus }[]>();
  for (const row of stored) {
    const list = byMonitor.get(row.monitorId);
    const heartbeat = { time: new Date(row.ms), status: row.heartbeat.status };
    if (list) list.push(heartbeat);
    else byMonitor.set(row.monitorId, [heartbeat]);
  }
  const updates: { monitor: MonitorRow; state: MonitorState }[] = [];
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
    // Only late heartbeats: nothing moved.
    if (state.lastHeartbeatAt?.getTime() === (monitor.last_heartbeat_ms ?? undefined)) continue;
    updates.push({ monitor, state });
    for (const change of changes) incidentChanges.push({ monitorId, change });
  }

  // Rows first: the foreign-key checks of the COPY lock each monitor's current row version
  // (KEY SHARE); written after, the new state would be a row version they lock once more.
  if (!locked) await copyHeartbeats(tx, agentId, stored);
  if (updates.length) {
    const changed = await updateStates(tx, updates, !locked);
    if (!locked && changed !== updates.length) throw new Contended();
  }
  // In the order the machine made them (one batch can recover and fail again), and in
  // rounds: the n-th change of every monitor together, a few statements per round.
  for (const round of rounds(incidentChanges)) await applyIncidentChanges(tx, round);
  await keepCheckDetails(tx, stored);
  return { accepted: stored.length, duplicates: accepted.length - stored.length, rejected };
}

/**
 * Write the monitors' new state: six arrays, one row per monitor. With `compare`, only
 * where the state the batch started from is still there; the number of rows written.
 */
async function updateStates(tx: postgres.TransactionSql, updates: { monitor: MonitorRow; state: MonitorState }[], compare: boolean): Promise<number> {
  const column = <T extends string | number | null>(pick: (u: { monitor: MonitorRow; state: MonitorState }) => T) => textArray(updates.map(pick));
  const result = await tx`
    UPDATE monitors m SET
      status = u.status, last_heartbeat_at = to_timestamp(u.last_ms / 1000), streak_kind = u.streak_kind,
      streak_count = u.streak_count, streak_started_at = to_timestamp(u.started_ms / 1000)
    FROM unnest(
      ${column((u) => u.monitor.id)}::uuid[], ${column((u) => u.state.status)}::text[], ${column((u) => u.state.lastHeartbeatAt?.getTime() ?? null)}::float8[],
      ${column((u) => u.state.streakKind)}::text[], ${column((u) => u.state.streakCount)}::int[], ${column((u) => u.state.streakStartedAt?.getTime() ?? null)}::float8[],
      ${column((u) => u.monitor.last_heartbeat_ms)}::float8[], ${column((u) => u.monitor.status)}::text[]
    ) AS u(id, status, last_ms, streak_kind, streak_count, started_ms, was_ms, was_status)
    WHERE m.id = u.id
      ${compare ? tx`AND m.enabled IS NOT FALSE AND m.status IS NOT DISTINCT FROM u.was_status
      AND (extract(epoch FROM m.last_heartbeat_at) * 1000)::float8 IS NOT DISTINCT FROM u.was_ms` : tx``}`;
  return result.count;
}

/** A PostgreSQL array literal of uuids, words or numbers (nothing here needs quoting); null as NULL. */
function textArray(values: readonly (string | number | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : value)).join(',')}}`;
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
      INSERT INTO incidents (monitor_id, started_at, status, in_maintenance)
      SELECT t.monitor_id, t.started_at, 'open', EXISTS (
        -- db/sql/maintenance.ts monitorInMaintenance, at the incident's start
        SELECT 1 FROM maintenance_window_monitors wm
        CROSS JOIN LATERAL (SELECT o.starts_at FROM maintenance_occurrences o WHERE o.window_id = wm.window_id AND o.ends_at > t.started_at ORDER BY o.ends_at LIMIT 1) o
        WHERE wm.monitor_id = t.monitor_id AND o.starts_at <= t.started_at)
      FROM jsonb_to_recordset(${JSON.stringify(opens)}::jsonb) AS t(monitor_id uuid, started_at timestamptz)
      RETURNING id`;
    await enqueueIncidentEvents(runIn(tx), 'incident.opened', opened.map((row) => row.id));
  }
}

/** The batch's heartbeats once each: the first of any with the same monitor and time. */
function distinctHeartbeats(candidates: Candidate[]): StoredHeartbeat[] {
  const seen = new Set<string>();
  const rows: StoredHeartbeat[] = [];
  for (const { ms, heartbeat } of candidates) {
    const key = `${heartbeat.monitorId} ${ms}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ monitorId: heartbeat.monitorId, ms, heartbeat });
  }
  return rows;
}

/** The rows in one COPY, which the server writes in multi-row pages instead of row by row. */
async function copyHeartbeats(tx: postgres.TransactionSql, agentId: string, rows: StoredHeartbeat[]): Promise<void> {
  const copy = await tx`COPY heartbeats (time, monitor_id, agent_id, status, latency_ms, error_message) FROM STDIN`.writable();
  let text = '';
  for (const { ms, monitorId, heartbeat } of rows) {
    const error = heartbeat.errorMessage === undefined ? '\\N' : copyEscape(storableText(heartbeat.errorMessage));
    text += `${new Date(ms).toISOString()}\t${monitorId}\t${agentId}\t${heartbeat.status}\t${heartbeat.latencyMs ?? '\\N'}\t${error}\n`;
  }
  await new Promise<void>((resolve, reject) => {
    copy.once('error', reject);
    copy.once('finish', resolve);
    copy.end(text);
  });
}

/**
 * Store the rows not stored before (same monitor and time): the ones stored now. A COPY
 * first; a duplicate makes the unique index refuse it, the savepoint takes it back, and
 * INSERT … ON CONFLICT DO NOTHING stores the rest: exactly once either way.
 */
async function insertHeartbeats(tx: postgres.TransactionSql, agentId: string, rows: StoredHeartbeat[]): Promise<StoredHeartbeat[]> {
  try {
    await tx.savepoint((savepoint) => copyHeartbeats(savepoint, agentId, rows));
    return rows;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  const byKey = new Map(rows.map((row) => [`${row.monitorId} ${row.ms}`, row]));
  const inserted = (await tx`
    INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms, error_message)
    SELECT t.time, t.monitor_id, ${agentId}::uuid, t.status, t.latency_ms, t.error_message
    FROM jsonb_to_recordset(${JSON.stringify(
      rows.map(({ ms, monitorId, heartbeat }) => ({
        time: new Date(ms).toISOString(),
        monitor_id: monitorId,
        status: heartbeat.status,
        latency_ms: heartbeat.latencyMs ?? null,
        error_message: heartbeat.errorMessage === undefined ? null : storableText(heartbeat.errorMessage),
      })),
    )}::jsonb) AS t(time timestamptz, monitor_id uuid, status varchar, latency_ms int, error_message text)
    ON CONFLICT (monitor_id, time) DO NOTHING
    RETURNING monitor_id, (extract(epoch FROM time) * 1000)::float8 AS ms`) as unknown as { monitor_id: string; ms: number }[];
  return inserted.map((row) => byKey.get(`${row.monitor_id} ${row.ms}`)!);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Text as a field of COPY's text format: backslash, tab and line breaks escaped. */
function copyEscape(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
}

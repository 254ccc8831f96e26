import 'server-only';
import type postgres from 'postgres';
import { runIn, sqlClient } from '@/db';
import type { Heartbeat, HeartbeatBatchResult } from '@/lib/contracts/heartbeats';
import { enqueueIncidentEvents, enqueueMonitorEvents } from '@/lib/notifications/enqueue';
import { holdForDependencies } from '@/lib/dependencies/hold';
import { planLimits } from '@/lib/plans';
import { keepCheckDetails, type StoredHeartbeat } from './check-details';
import { HEARTBEAT_COPY_COLUMNS, HeartbeatCopy } from './heartbeat-copy';
import { storableText } from './storable-text';
import { newestError, readLocations, readOwnStates, textArray, writeLocationStates, type LocationUpdate } from './locations';
import { advanceLocation, advanceQuorum, failingLocations, FRESH_LOCATION, type Location, locationMoved, type QuorumMonitor, type QuorumRuleKind, rejudgeQuorum } from './quorum';
import { advance, type CheckResult, type MonitorState, type MonitorStatus, type StateChange } from './state-machine';

// One batch from one agent, in one transaction: insert every new heartbeat, move each
// monitor's state on, open and resolve incidents. A 2xx means all of it committed.
// Written against postgres.js directly (this is the hot path).
//
// Two ways to run it, with the same outcome:
// - optimistic (almost every batch): first move on, in one UPDATE and without reading them,
//   the steady monitors (one new check that only lengthens the streak: up and up again, or
//   down and failing again; almost every check); read the others' state without locking,
//   assume every row is new, write the new state only where the state read is still current
//   (a compare-and-set on last_heartbeat_at, status and enabled), after the rows went in by
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
  degraded_after_ms: number | null;
  degraded_since_ms: number | null;
  pace_kind: 'slow' | 'normal' | null;
  pace_count: number;
  pace_started_ms: number | null;
  quorum_rule: QuorumRuleKind;
  quorum_k: number;
  /** This agent's location: 0 the first (monitors.agent_id), else its monitor_locations position. */
  position: number;
  /** The monitor has further locations: its state is judged by lib/ingest/quorum.ts. */
  multi: boolean;
  /** Read without locks only: whether it has an unresolved incident, in the same snapshot. */
  incident_open?: boolean;
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
  // Batches of one agent take turns (the common case of two at once: a retry while the
  // first is still running); other writers of a monitor (pausing it, the other agent after
  // a move) are what the compare-and-set and the locked way are for.
  const turn = tx`SELECT pg_advisory_xact_lock(${AGENT_LOCK_SPACE}, hashtext(${agentId}))`;
  // Each monitor's heartbeats once (the first of any with the same time).
  const fresh = distinctHeartbeats(candidates);
  // NO KEY UPDATE, not UPDATE: it serializes batches of the same monitor all the same, but
  // does not block the KEY SHARE locks of foreign-key checks, so the rollup refresh (whose
  // upserts check monitors) never waits on a batch or deadlocks with it.
  // Locked, the incidents are read only once the locks are held: that statement's snapshot
  // then includes whatever a concurrent batch for the same monitors committed meanwhile.
  // Optimistic, the steady monitors move on in one statement, without being read (below);
  // the others come with whether each has an open incident, in one snapshot; the
  // compare-and-set below catches what it missed.
  let rows: MonitorRow[] = [];
  let withOpenIncident: Set<string>;
  let steady = NONE;
  if (locked) {
    await turn;
    const idArray = textArray(ids);
    rows = await readMonitors(tx, agentId, idArray, true);
    withOpenIncident = await openIncidents(tx, idArray);
  } else {
    // Sent together, run in order: the update's snapshot is taken after the turn is ours.
    let others = ids;
    const single = singleHeartbeats(fresh, ids);
    if (single.length) [, { steady, others }] = await Promise.all([turn, advanceSteady(tx, agentId, single, ids)]);
    else await turn;
    if (others.length) rows = await readMonitors(tx, agentId, textArray(others), false);
    withOpenIncident = new Set(rows.flatMap((row) => (row.incident_open ? [row.id] : [])));
  }
  const monitors = new Map(rows.map((row) => [row.id, row]));

  const known = (monitorId: string) => steady.has(monitorId) || monitors.has(monitorId);
  let acceptedCount = 0;
  for (const candidate of candidates) {
    if (known(candidate.heartbeat.monitorId)) acceptedCount += 1;
    else rejected.push({ index: candidate.index, reason: 'unknown_monitor' });
  }
  rejected.sort((a, b) => a.index - b.index);
  if (acceptedCount === 0) return { accepted: 0, duplicates: 0, rejected };

  const accepted = fresh.filter((row) => known(row.monitorId));
  // A further location's rows are stored microseconds after the millisecond sent (storedTime).
  for (const row of accepted) row.micros = monitors.get(row.monitorId)?.position ?? 0;
  // Locked: what is stored now (a duplicate was applied when it first came). Optimistic:
  // everything, by the COPY below; a duplicate makes it fail and the batch go the locked way.
  const stored = locked ? await insertHeartbeats(tx, agentId, accepted) : accepted;

  const byMonitor = new Map<string, (CheckResult & { errorMessage?: string })[]>();
  for (const row of stored) {
    if (steady.has(row.monitorId)) continue;
    const list = byMonitor.get(row.monitorId);
    const heartbeat = { time: new Date(row.ms), status: row.heartbeat.status, latencyMs: row.heartbeat.latencyMs, errorMessage: row.heartbeat.errorMessage };
    if (list) list.push(heartbeat);
    else byMonitor.set(row.monitorId, [heartbeat]);
  }
  const updates: { monitor: MonitorRow; state: MonitorState }[] = [];
  const stateChanges: { monitorId: string; change: StateChange }[] = [];
  const multiIds: string[] = [];
  for (const [monitorId, list] of byMonitor) {
    const monitor = monitors.get(monitorId)!;
    // A paused monitor keeps what arrives (results in flight when it was paused) but stays paused.
    if (monitor.enabled === false) continue;
    list.sort((a, b) => a.time.getTime() - b.time.getTime());
    // Judged below, once the rows are in and its lock is held.
    if (monitor.multi) {
      multiIds.push(monitorId);
      continue;
    }
    const { state, changes } = advance(stateBefore(monitor, withOpenIncident), thresholdsOf(monitor), list);
    // Only late heartbeats: nothing moved.
    if (state.lastHeartbeatAt?.getTime() === (monitor.last_heartbeat_ms ?? undefined)) continue;
    updates.push({ monitor, state });
    for (const change of changes) stateChanges.push({ monitorId, change });
  }

  // The steady monitors' state went in before the rows, the others' goes in after: either
  // way each foreign-key check of the COPY writes one lock record on its monitor's row
  // (pg_walinspect), so the order costs nothing.
  if (!locked) await copyHeartbeats(tx, agentId, stored);
  if (updates.length) {
    const changed = await updateStates(tx, updates, !locked);
    if (!locked && changed !== updates.length) throw new Contended();
  }
  const partial = multiIds.length ? await judgeLocations(tx, agentId, multiIds.sort(), byMonitor, { monitors, withOpenIncident, locked }, stateChanges) : [];
  // In the order the machine made them (one batch can recover and fail again), and in
  // rounds: the n-th change of every monitor together, a few statements per round.
  for (const round of rounds(stateChanges)) await applyStateChanges(tx, round);
  if (partial.length) await enqueueMonitorEvents(runIn(tx), 'monitor.partial', partial);
  await keepCheckDetails(tx, stored);
  return { accepted: stored.length, duplicates: acceptedCount - stored.length, rejected };
}

/**
 * A monitor with one location and no degraded limit or pace (almost every monitor): all of
 * what ingest reads of it comes in monitorColumns' first columns, and advanceSteady may move it on.
 */
const plainMonitor = (tx: postgres.TransactionSql) => tx`(m.location_count <= 1 AND m.degraded_after_ms IS NULL AND m.degraded_since IS NULL
      AND m.pace_kind IS NULL AND m.pace_count = 0 AND m.pace_started_at IS NULL)`;

/**
 * What ingest reads of a monitor `m`, as columns `readRows` makes a MonitorRow of: what every
 * monitor needs, and in `extra` the rest (its slow-check pace, its quorum, this agent's
 * position), null where all of that is the default (one location, no degraded limit: almost
 * every monitor). Half the columns in each of a batch's 500 rows cost the app 1 µs a row to
 * parse (measured). `position`: this agent's location, 0 the first.
 */
const monitorColumns = (tx: postgres.TransactionSql, position: postgres.PendingQuery<postgres.Row[]>) => tx`
    m.id, m.status, m.enabled, m.failure_threshold, m.recovery_threshold,
    (extract(epoch FROM m.last_heartbeat_at) * 1000)::float8 AS last_heartbeat_ms,
    m.streak_kind, m.streak_count,
    (extract(epoch FROM m.streak_started_at) * 1000)::float8 AS streak_started_ms,
    CASE WHEN NOT (${plainMonitor(tx)})
      THEN json_build_array(m.degraded_after_ms, (extract(epoch FROM m.degraded_since) * 1000)::float8, m.pace_kind, m.pace_count,
        (extract(epoch FROM m.pace_started_at) * 1000)::float8, m.quorum_rule, m.quorum_k, ${position}, m.location_count > 1)::text
    END AS extra`;

type ReadRow = Omit<MonitorRow, 'degraded_after_ms' | 'degraded_since_ms' | 'pace_kind' | 'pace_count' | 'pace_started_ms' | 'quorum_rule' | 'quorum_k' | 'position' | 'multi'> & { extra: string | null };
type Extra = [number | null, number | null, MonitorRow['pace_kind'], number, number | null, QuorumRuleKind, number, number, boolean];
const DEFAULT_EXTRA: Extra = [null, null, null, 0, null, 'any', 1, 0, false];

/** MonitorRows of the rows read with monitorColumns (made in place). */
function readRows(rows: ReadRow[]): MonitorRow[] {
  for (const row of rows as (ReadRow & MonitorRow)[]) {
    const extra = row.extra === null ? DEFAULT_EXTRA : (JSON.parse(row.extra) as Extra);
    [row.degraded_after_ms, row.degraded_since_ms, row.pace_kind, row.pace_count, row.pace_started_ms, row.quorum_rule, row.quorum_k, row.position, row.multi] = extra;
  }
  return rows as unknown as MonitorRow[];
}

/** The monitors among `idArray` (a text array) with an unresolved incident. */
async function openIncidents(tx: postgres.TransactionSql, idArray: string): Promise<Set<string>> {
  const rows = await tx<{ monitor_id: string }[]>`SELECT monitor_id FROM incidents WHERE resolved_at IS NULL AND monitor_id = ANY(${idArray}::uuid[])`;
  return new Set(rows.map((row) => row.monitor_id));
}

/**
 * The agent's monitors among the ids: those it is the first location of, or a further one;
 * read without locks, with whether each has an unresolved incident.
 */
async function readMonitors(tx: postgres.TransactionSql, agentId: string, idArray: string, lock: boolean): Promise<MonitorRow[]> {
  return readRows(await tx<ReadRow[]>`
    SELECT ${monitorColumns(tx, tx`CASE WHEN m.agent_id = ${agentId} THEN 0 ELSE l.position END`)}
      ${lock ? tx`` : tx`, EXISTS (SELECT 1 FROM incidents i WHERE i.monitor_id = m.id AND i.resolved_at IS NULL) AS incident_open`}
    FROM monitors m LEFT JOIN monitor_locations l ON l.monitor_id = m.id AND l.agent_id = ${agentId}
    WHERE m.id = ANY(${idArray}::uuid[]) AND (m.agent_id = ${agentId} OR l.agent_id IS NOT NULL)
    ORDER BY m.id
    ${lock ? tx`FOR NO KEY UPDATE OF m` : tx``}`);
}

const thresholdsOf = (monitor: MonitorRow) => ({ failureThreshold: monitor.failure_threshold, recoveryThreshold: monitor.recovery_threshold, degradedAfterMs: monitor.degraded_after_ms });

function stateBefore(monitor: MonitorRow, withOpenIncident: Set<string>): MonitorState {
  return {
    status: (monitor.status as MonitorStatus) ?? 'unknown',
    lastHeartbeatAt: date(monitor.last_heartbeat_ms),
    streakKind: monitor.streak_kind,
    streakCount: monitor.streak_count,
    streakStartedAt: date(monitor.streak_started_ms),
    incidentOpen: withOpenIncident.has(monitor.id),
    pace: { paceKind: monitor.pace_kind, paceCount: monitor.pace_count, paceStartedAt: date(monitor.pace_started_ms), degradedSince: date(monitor.degraded_since_ms) },
  };
}

/** What judging one monitor with several locations decided. */
interface Judgement {
  monitor: MonitorRow;
  location: LocationUpdate;
  /** The monitor's own state to write, when the verdict moved it (null: unchanged). */
  state: MonitorState | null;
  changes: StateChange[];
  becamePartial: boolean;
}

/**
 * The monitor's own state after the quorum judged it at `at`, or null when its verdict did not
 * move: "down since" the incident's start, "up since" the check that changed it.
 */
function verdictState(before: MonitorState, result: { monitor: QuorumMonitor; changes: StateChange[] }, at: Date, lastHeartbeatAt: Date | null): MonitorState | null {
  const moved = result.monitor.status !== before.status;
  if (!moved && result.changes.length === 0 && result.monitor.degradedSince?.getTime() === before.pace!.degradedSince?.getTime()) return null;
  const opened = result.changes.find((change) => change.kind === 'open');
  return {
    ...before,
    status: result.monitor.status,
    lastHeartbeatAt,
    streakStartedAt: moved ? (opened?.kind === 'open' ? opened.startedAt : at) : before.streakStartedAt,
    pace: { ...before.pace!, degradedSince: result.monitor.degradedSince },
  };
}

/** Judge one monitor with several locations on the reporting agent's new checks; null when they were all late. */
function judge(agentId: string, monitor: MonitorRow, withOpenIncident: Set<string>, all: Location[], list: (CheckResult & { errorMessage?: string })[]): Judgement | null {
  const before = stateBefore(monitor, withOpenIncident);
  const own = all.find((l) => l.agentId === agentId);
  const result = advanceQuorum(
    { status: before.status, incidentOpen: before.incidentOpen, degradedSince: before.pace!.degradedSince },
    all,
    { rule: monitor.quorum_rule, k: monitor.quorum_k },
    thresholdsOf(monitor),
    agentId,
    list,
  );
  if (own && result.location.lastHeartbeatAt?.getTime() === own.state.lastHeartbeatAt?.getTime()) return null;
  const newest = result.location.lastHeartbeatAt!;
  const updated = all.map((l) => (l.agentId === agentId ? { ...l, live: true, state: result.location } : l));
  const failingBefore = before.status !== 'down' && own ? failingLocations(all.map((l) => (l.agentId === agentId ? { ...l, live: true } : l))).length : 0;
  return {
    monitor,
    location: { monitorId: monitor.id, state: result.location, lastError: newestError(list) },
    state: verdictState(before, result, newest, before.lastHeartbeatAt && before.lastHeartbeatAt > newest ? before.lastHeartbeatAt : newest),
    changes: result.changes,
    becamePartial: result.monitor.status !== 'down' && failingBefore === 0 && failingLocations(updated).length > 0,
  };
}

/**
 * The monitors with several locations, judged by the quorum (lib/ingest/quorum.ts) after the
 * rows went in. Almost always nothing moves but the reporting location's own streak: then
 * only its own location_states row is written (batches of one agent take turns, so that row
 * has one writer), and neither the other locations nor the monitor rows are read or written.
 * A batch that moves its location's verdict locks those monitors (in id order) and judges
 * them on what is committed: whoever judges under the lock
 * last sees every location state committed before and its own, so no change is missed, and
 * batches of other locations wait only for that short judgement. (What moves no location,
 * an agent going offline or coming back, is judged where that is noticed:
 * rejudgeMonitorsOfAgents.) `read.locked`: the rows were read under lock already (the locked
 * way). Returns the monitors that became partial.
 */
async function judgeLocations(
  tx: postgres.TransactionSql,
  agentId: string,
  multiIds: string[],
  byMonitor: Map<string, (CheckResult & { errorMessage?: string })[]>,
  read: { monitors: Map<string, MonitorRow>; withOpenIncident: Set<string>; locked: boolean },
  stateChanges: { monitorId: string; change: StateChange }[],
): Promise<string[]> {
  const judgements = new Map<string, Judgement>();
  const steady: LocationUpdate[] = [];
  let toLock = multiIds;
  if (!read.locked) {
    // The reporting location's own machine first: most batches move nothing the quorum counts.
    toLock = [];
    const own = await readOwnStates(tx, agentId, multiIds);
    for (const monitorId of multiIds) {
      const monitor = read.monitors.get(monitorId)!;
      const before = own.get(monitorId);
      const list = byMonitor.get(monitorId)!;
      const after = advanceLocation(before ?? FRESH_LOCATION, thresholdsOf(monitor), list);
      if (before && after.lastHeartbeatAt?.getTime() === before.lastHeartbeatAt?.getTime()) continue; // only late checks
      if (locationMoved(before, after)) toLock.push(monitorId);
      else steady.push({ monitorId, state: after, lastError: newestError(list) });
    }
  }
  if (toLock.length) {
    let monitors = read.monitors;
    let open = read.withOpenIncident;
    if (!read.locked) {
      const idArray = textArray(toLock);
      monitors = new Map((await readMonitors(tx, agentId, idArray, true)).map((row) => [row.id, row]));
      open = await openIncidents(tx, idArray);
    }
    const locations = await readLocations(tx, toLock);
    for (const monitorId of toLock) {
      const monitor = monitors.get(monitorId);
      // Paused, or no longer one of this agent's, since the batch began: its rows are kept, nothing judged.
      const judged = monitor && monitor.enabled !== false && monitor.multi ? judge(agentId, monitor, open, locations.get(monitorId) ?? [], byMonitor.get(monitorId)!) : null;
      if (judged) judgements.set(monitorId, judged);
    }
  }
  const partial: string[] = [];
  const quorumUpdates: { monitor: MonitorRow; state: MonitorState }[] = [];
  for (const [monitorId, judged] of judgements) {
    if (judged.state) quorumUpdates.push({ monitor: judged.monitor, state: judged.state });
    for (const change of judged.changes) stateChanges.push({ monitorId, change });
    if (judged.becamePartial) partial.push(monitorId);
  }
  if (quorumUpdates.length) await updateStates(tx, quorumUpdates, false);
  await writeLocationStates(tx, agentId, [...steady, ...[...judgements.values()].map((judged) => judged.location)]);
  return partial;
}

/**
 * Write the monitors' new state: six arrays, one row per monitor. With `compare`, only
 * where the state the batch started from is still there; the number of rows written.
 */
async function updateStates(tx: postgres.TransactionSql, updates: { monitor: MonitorRow; state: MonitorState }[], compare: boolean): Promise<number> {
  const column = <T extends string | number | null>(pick: (u: { monitor: MonitorRow; state: MonitorState }) => T) => textArray(updates.map(pick));
  const time = (pick: (u: { monitor: MonitorRow; state: MonitorState }) => Date | null | undefined) => column((u) => pick(u)?.getTime() ?? null);
  // Monitors without a degraded limit (almost all) have no pace to write: those columns stay out.
  const paced = updates.some((u) => u.monitor.degraded_after_ms !== null || u.monitor.degraded_since_ms !== null || u.state.pace?.paceKind || u.state.pace?.degradedSince);
  const result = await tx`
    UPDATE monitors m SET
      status = u.status, last_heartbeat_at = to_timestamp(u.last_ms / 1000), streak_kind = u.streak_kind,
      streak_count = u.streak_count, streak_started_at = to_timestamp(u.started_ms / 1000)
      ${paced ? tx`, pace_kind = u.pace_kind, pace_count = u.pace_count, pace_started_at = to_timestamp(u.pace_ms / 1000), degraded_since = to_timestamp(u.degraded_ms / 1000)` : tx``}
    FROM unnest(
      ${column((u) => u.monitor.id)}::uuid[], ${column((u) => u.state.status)}::text[], ${time((u) => u.state.lastHeartbeatAt)}::float8[],
      ${column((u) => u.state.streakKind)}::text[], ${column((u) => u.state.streakCount)}::int[], ${time((u) => u.state.streakStartedAt)}::float8[],
      ${column((u) => u.monitor.last_heartbeat_ms)}::float8[], ${column((u) => u.monitor.status)}::text[]
      ${paced ? tx`, ${column((u) => u.state.pace?.paceKind ?? null)}::text[], ${column((u) => u.state.pace?.paceCount ?? 0)}::int[],
      ${time((u) => u.state.pace?.paceStartedAt)}::float8[], ${time((u) => u.state.pace?.degradedSince)}::float8[]` : tx``}
    ) AS u(id, status, last_ms, streak_kind, streak_count, started_ms, was_ms, was_status ${paced ? tx`, pace_kind, pace_count, pace_ms, degraded_ms` : tx``})
    WHERE m.id = u.id
      ${compare ? tx`AND m.enabled IS NOT FALSE AND m.status IS NOT DISTINCT FROM u.was_status
      AND (extract(epoch FROM m.last_heartbeat_at) * 1000)::float8 IS NOT DISTINCT FROM u.was_ms` : tx``}`;
  return result.count;
}

/** The changes grouped so each round holds at most one change per monitor, in machine order. */
function rounds(changes: { monitorId: string; change: StateChange }[]): { monitorId: string; change: StateChange }[][] {
  const grouped: { monitorId: string; change: StateChange }[][] = [];
  const count = new Map<string, number>();
  for (const item of changes) {
    const n = count.get(item.monitorId) ?? 0;
    count.set(item.monitorId, n + 1);
    (grouped[n] ??= []).push(item);
  }
  return grouped;
}

/** Open and resolve incidents, begin and end degraded periods, of distinct monitors, and queue their notifications, in the batch's transaction. */
async function applyStateChanges(tx: postgres.TransactionSql, round: { monitorId: string; change: StateChange }[]): Promise<void> {
  const degraded = round.flatMap(({ monitorId, change }) => (change.kind === 'degraded' ? [{ monitor_id: monitorId, at: change.startedAt.toISOString() }] : []));
  const recovered = round.flatMap(({ monitorId, change }) => (change.kind === 'recovered' ? [{ monitor_id: monitorId, at: change.endedAt.toISOString() }] : []));
  if (recovered.length) {
    const ended = await tx<{ monitor_id: string }[]>`
      UPDATE degraded_periods p SET ended_at = greatest(p.started_at, t.at)
      FROM jsonb_to_recordset(${JSON.stringify(recovered)}::jsonb) AS t(monitor_id uuid, at timestamptz)
      WHERE p.monitor_id = t.monitor_id AND p.ended_at IS NULL
      RETURNING p.monitor_id`;
    await enqueueMonitorEvents(runIn(tx), 'monitor.recovered', ended.map((row) => row.monitor_id));
  }
  if (degraded.length) {
    const begun = await tx<{ monitor_id: string }[]>`
      INSERT INTO degraded_periods (monitor_id, started_at)
      SELECT t.monitor_id, t.at FROM jsonb_to_recordset(${JSON.stringify(degraded)}::jsonb) AS t(monitor_id uuid, at timestamptz)
      ON CONFLICT (monitor_id) WHERE ended_at IS NULL DO NOTHING
      RETURNING monitor_id`;
    await enqueueMonitorEvents(runIn(tx), 'monitor.degraded', begun.map((row) => row.monitor_id));
  }
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
    await holdForDependencies(runIn(tx), opened.map((row) => row.id));
    await enqueueIncidentEvents(runIn(tx), 'incident.opened', opened.map((row) => row.id));
  }
}

/** The batch's heartbeats once each: the first of any with the same monitor and time. */
function distinctHeartbeats(candidates: Candidate[]): StoredHeartbeat[] {
  // Per monitor, the times seen: one number until it has a second (a batch holds one check per monitor, mostly).
  const seen = new Map<string, number | Set<number>>();
  const rows: StoredHeartbeat[] = [];
  for (const { ms, heartbeat } of candidates) {
    const { monitorId } = heartbeat;
    const times = seen.get(monitorId);
    if (times === undefined) seen.set(monitorId, ms);
    else if (typeof times === 'number') {
      if (times === ms) continue;
      seen.set(monitorId, new Set([times, ms]));
    } else if (times.has(ms)) continue;
    else times.add(ms);
    rows.push({ monitorId, ms, heartbeat });
  }
  return rows;
}

/** The rows of the monitors with one heartbeat in the batch (`rows` distinct), in the order of `ids`: what may be steady. */
function singleHeartbeats(rows: StoredHeartbeat[], ids: string[]): StoredHeartbeat[] {
  const only = new Map<string, StoredHeartbeat | null>();
  for (const row of rows) only.set(row.monitorId, only.has(row.monitorId) ? null : row);
  return ids.flatMap((id) => only.get(id) ?? []);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Move on, in one statement and without reading them, the monitors whose one new check
 * changes nothing but their streak's length and their last heartbeat (almost every check):
 * up and on an up streak, checked up again; or down and on a failing streak, failing again.
 * That is what lib/ingest/state-machine.ts `advance` makes of them: no status to change,
 * no incident to open or resolve. Only the agent's own monitors with one location, enabled,
 * with no degraded limit or pace, and checks newer than their last: the rest (and a monitor
 * changed meanwhile, which the UPDATE sees in its current version under its row lock) go
 * the general way. `rows`: the batch's single heartbeats, in id order (the order their rows
 * are locked in); `ids`: all its monitors. Returns the monitors moved on, and the others
 * among `ids`.
 */
async function advanceSteady(tx: postgres.TransactionSql, agentId: string, rows: StoredHeartbeat[], ids: string[]): Promise<{ steady: ReadonlySet<string>; others: string[] }> {
  // agent_id IS NOT DISTINCT FROM, not =: a condition the monitors' agent_id index cannot
  // serve, so the plan finds each monitor by its id whatever the statistics say (with
  // agent_id = …, a new database's estimates chose that index and 250,000 comparisons).
  const [{ moved }] = await tx<[{ moved: string }]>`
    WITH steady AS (
      UPDATE monitors m SET last_heartbeat_at = to_timestamp(u.ms / 1000), streak_count = m.streak_count + 1
      FROM unnest(${textArray(rows.map((row) => row.monitorId))}::uuid[], ${textArray(rows.map((row) => row.ms))}::float8[],
        ${textArray(rows.map((row) => (row.heartbeat.status === 'up' ? 'up' : 'fail')))}::text[]) AS u(id, ms, kind)
      WHERE m.id = u.id AND m.agent_id IS NOT DISTINCT FROM ${agentId}::uuid AND ${plainMonitor(tx)} AND m.enabled IS NOT FALSE
        AND m.streak_kind = u.kind AND m.status = CASE u.kind WHEN 'up' THEN 'up' ELSE 'down' END
        AND m.last_heartbeat_at < to_timestamp(u.ms / 1000)
      RETURNING m.id)
    SELECT coalesce(array_agg(id), '{}')::text AS moved FROM steady`;
  if (moved === '{}') return { steady: NONE, others: ids };
  const steady = new Set(moved.slice(1, -1).split(','));
  return { steady, others: steady.size === ids.length ? [] : ids.filter((id) => !steady.has(id)) };
}

/**
 * The time a heartbeat is stored at: as sent (milliseconds), plus its location's position in
 * microseconds, so the checks of two locations in the same millisecond are two rows. In
 * microseconds since the epoch for COPY; as text for the INSERT that stores what a COPY could not.
 */
const storedMicros = (row: StoredHeartbeat) => row.ms * 1000 + (row.micros ?? 0);
const storedTime = (row: StoredHeartbeat) => `${new Date(row.ms).toISOString().slice(0, -1)}${String(row.micros ?? 0).padStart(3, '0')}Z`;

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The rows in one COPY, in binary (lib/ingest/heartbeat-copy.ts), at their stored time. */
async function copyHeartbeats(tx: postgres.TransactionSql, agentId: string, rows: StoredHeartbeat[]): Promise<void> {
  const data = new HeartbeatCopy(rows.length);
  for (const row of rows) {
    const { monitorId, heartbeat } = row;
    data.add(storedMicros(row), monitorId, agentId, heartbeat.status, heartbeat.latencyMs, heartbeat.errorMessage === undefined ? null : storableText(heartbeat.errorMessage));
  }
  const copy = await tx.unsafe(`COPY heartbeats (${HEARTBEAT_COPY_COLUMNS}) FROM STDIN (FORMAT binary)`).writable();
  await new Promise<void>((resolve, reject) => {
    copy.once('error', reject);
    copy.once('finish', resolve);
    copy.end(data.finish());
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
      rows.map((row) => ({
        time: storedTime(row),
        monitor_id: row.monitorId,
        status: row.heartbeat.status,
        latency_ms: row.heartbeat.latencyMs ?? null,
        error_message: row.heartbeat.errorMessage === undefined ? null : storableText(row.heartbeat.errorMessage),
      })),
    )}::jsonb) AS t(time timestamptz, monitor_id uuid, status varchar, latency_ms int, error_message text)
    ON CONFLICT (monitor_id, time) DO NOTHING
    RETURNING monitor_id, (extract(epoch FROM time) * 1000)::float8 AS ms`) as unknown as { monitor_id: string; ms: number }[];
  // A further location's rows are stored microseconds after the millisecond sent (storedTime).
  return inserted.map((row) => byKey.get(`${row.monitor_id} ${Math.floor(row.ms)}`)!);
}

/**
 * Judge again the monitors that agents `agentIds` are a location of, now that those agents
 * went offline or came back (the live locations changed, though no location reported): one
 * transaction, the monitors locked in id order, incidents opened or resolved and their
 * notifications queued as ingest does.
 */
export async function rejudgeMonitorsOfAgents(agentIds: string[]): Promise<number> {
  if (agentIds.length === 0) return 0;
  const ids = textArray(agentIds);
  return sqlClient().begin(async (tx) => {
    const rows = readRows(await tx<ReadRow[]>`
      SELECT ${monitorColumns(tx, tx`0`)}
      FROM monitors m
      WHERE m.id IN (
        SELECT l.monitor_id FROM monitor_locations l WHERE l.agent_id = ANY(${ids}::uuid[])
        UNION SELECT l.monitor_id FROM monitor_locations l JOIN monitors x ON x.id = l.monitor_id WHERE x.agent_id = ANY(${ids}::uuid[]))
        AND m.enabled IS NOT FALSE AND coalesce(m.status, 'unknown') <> 'unknown'
      ORDER BY m.id
      FOR NO KEY UPDATE OF m`);
    if (rows.length === 0) return 0;
    const monitorIds = rows.map((row) => row.id);
    const open = await openIncidents(tx, textArray(monitorIds));
    const locations = await readLocations(tx, monitorIds);
    const now = new Date();
    const updates: { monitor: MonitorRow; state: MonitorState }[] = [];
    const stateChanges: { monitorId: string; change: StateChange }[] = [];
    for (const monitor of rows) {
      const before = stateBefore(monitor, open);
      const result = rejudgeQuorum({ status: before.status, incidentOpen: before.incidentOpen, degradedSince: before.pace!.degradedSince }, locations.get(monitor.id) ?? [], { rule: monitor.quorum_rule, k: monitor.quorum_k }, now);
      const state = verdictState(before, result, now, before.lastHeartbeatAt);
      if (!state) continue;
      updates.push({ monitor, state });
      for (const change of result.changes) stateChanges.push({ monitorId: monitor.id, change });
    }
    if (updates.length) await updateStates(tx, updates, false);
    for (const round of rounds(stateChanges)) await applyStateChanges(tx, round);
    return updates.length;
  }) as Promise<number>;
}

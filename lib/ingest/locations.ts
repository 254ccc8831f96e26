import 'server-only';
import type postgres from 'postgres';
import { getEnv } from '@/lib/env';
import type { Location, LocationState } from './quorum';
import type { HeartbeatStatus } from './state-machine';

// The SQL around lib/ingest/quorum.ts for a batch's monitors that have several locations:
// every location's state and whether its agent is live, and the reporting location's new
// state. Run while the batch holds those monitors' row locks.

/** A PostgreSQL array literal of uuids, words or numbers (nothing here needs quoting); null as NULL. */
export function textArray(values: readonly (string | number | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : value)).join(',')}}`;
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
const date = (value: number | null) => (value === null ? null : new Date(value));

interface LocationRow {
  monitor_id: string;
  agent_id: string;
  live: boolean;
  status: string | null;
  last_ms: number | null;
  streak_kind: 'up' | 'fail' | null;
  streak_count: number | null;
  streak_started_ms: number | null;
  down_since_ms: number | null;
  pace_kind: 'slow' | 'normal' | null;
  pace_count: number | null;
  pace_started_ms: number | null;
  degraded_since_ms: number | null;
}

/** Every location of each monitor (the first, then the further ones), with its state and liveness. */
export async function readLocations(tx: postgres.TransactionSql, monitorIds: string[]): Promise<Map<string, Location[]>> {
  const liveSeconds = getEnv().WATCHPOST_AGENT_POLL_SECONDS * 3;
  const rows = await tx.unsafe<LocationRow[]>(
    `
    SELECT l.monitor_id, l.agent_id, coalesce(a.last_seen_at > now() - make_interval(secs => $2), false) AS live,
           s.status, ${ms('s.last_heartbeat_at')} AS last_ms, s.streak_kind, s.streak_count, ${ms('s.streak_started_at')} AS streak_started_ms,
           ${ms('s.down_since')} AS down_since_ms, s.pace_kind, s.pace_count, ${ms('s.pace_started_at')} AS pace_started_ms,
           ${ms('s.degraded_since')} AS degraded_since_ms
    FROM (
      SELECT m.id AS monitor_id, m.agent_id, 0 AS position FROM monitors m WHERE m.id = ANY($1::uuid[])
      UNION ALL
      SELECT x.monitor_id, x.agent_id, x.position FROM monitor_locations x WHERE x.monitor_id = ANY($1::uuid[])
    ) l
    JOIN agents a ON a.id = l.agent_id
    LEFT JOIN location_states s ON s.monitor_id = l.monitor_id AND s.agent_id = l.agent_id
    ORDER BY l.monitor_id, l.position`,
    [textArray(monitorIds), liveSeconds],
  );
  const byMonitor = new Map<string, Location[]>();
  for (const row of rows) {
    const list = byMonitor.get(row.monitor_id) ?? [];
    list.push({ agentId: row.agent_id, live: row.live, state: stateOf(row) });
    byMonitor.set(row.monitor_id, list);
  }
  return byMonitor;
}

function stateOf(row: Omit<LocationRow, 'monitor_id' | 'agent_id' | 'live'>): LocationState {
  return {
    status: (row.status as LocationState['status']) ?? 'unknown',
    lastHeartbeatAt: date(row.last_ms),
    streakKind: row.streak_kind,
    streakCount: row.streak_count ?? 0,
    streakStartedAt: date(row.streak_started_ms),
    downSince: date(row.down_since_ms),
    pace: { paceKind: row.pace_kind, paceCount: row.pace_count ?? 0, paceStartedAt: date(row.pace_started_ms), degradedSince: date(row.degraded_since_ms) },
  };
}

/**
 * The reporting agent's own state at each of `monitorIds` it has reported to (read apart from
 * the monitors: most batches have no monitor with several locations, and eleven more
 * columns on every monitor row, null but for those, doubled postgres.js's cost of parsing them).
 */
export async function readOwnStates(tx: postgres.TransactionSql, agentId: string, monitorIds: string[]): Promise<Map<string, LocationState>> {
  const rows = await tx.unsafe<(Omit<LocationRow, 'agent_id' | 'live'>)[]>(
    `
    SELECT s.monitor_id, s.status, ${ms('s.last_heartbeat_at')} AS last_ms, s.streak_kind, s.streak_count, ${ms('s.streak_started_at')} AS streak_started_ms,
           ${ms('s.down_since')} AS down_since_ms, s.pace_kind, s.pace_count, ${ms('s.pace_started_at')} AS pace_started_ms,
           ${ms('s.degraded_since')} AS degraded_since_ms
    FROM location_states s WHERE s.agent_id = $1 AND s.monitor_id = ANY($2::uuid[])`,
    [agentId, textArray(monitorIds)],
  );
  return new Map(rows.map((row) => [row.monitor_id, stateOf(row)]));
}

export interface LocationUpdate {
  monitorId: string;
  state: LocationState;
  /** The newest check's error when it failed (what the dashboard names), else null. */
  lastError: string | null;
}

/** The reporting agent's new state at each monitor: one statement, the columns as arrays (no JSON to build and parse on the hot path). */
export async function writeLocationStates(tx: postgres.TransactionSql, agentId: string, updates: LocationUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const ms = (d: Date | null) => d?.getTime() ?? null;
  const column = (pick: (u: LocationUpdate) => string | number | null) => textArray(updates.map(pick));
  // Errors are free text: each element quoted, its backslashes and double quotes escaped.
  const errors = `{${updates.map((u) => (u.lastError === null ? 'NULL' : `"${u.lastError.slice(0, 1000).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
  // An UPDATE of the rows there are (every batch but a location's first), an INSERT of the
  // others: no speculative insertion per row. The agent's batches take turns, so no other
  // writer inserts these rows meanwhile.
  // Not a prepared statement: planned each time with the arrays in hand. Prepared, PostgreSQL
  // moves to a generic plan after five runs; on a location_states without statistics yet (a
  // new installation, or new locations) that plan rescans the 500 rows of u for every row of
  // the agent's states: 145 ms instead of 4 ms per batch.
  await tx.unsafe(
    `
    WITH u AS (
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::text[], $9::int[], $10::float8[], $11::float8[], $12::text[])
        AS u(monitor_id, status, last_ms, streak_kind, streak_count, streak_ms, down_ms, pace_kind, pace_count, pace_ms, degraded_ms, last_error)
    ), updated AS (
      UPDATE location_states s SET
        status = u.status, last_heartbeat_at = to_timestamp(u.last_ms / 1000), streak_kind = u.streak_kind, streak_count = u.streak_count,
        streak_started_at = to_timestamp(u.streak_ms / 1000), down_since = to_timestamp(u.down_ms / 1000), pace_kind = u.pace_kind,
        pace_count = u.pace_count, pace_started_at = to_timestamp(u.pace_ms / 1000), degraded_since = to_timestamp(u.degraded_ms / 1000), last_error = u.last_error
      FROM u WHERE s.monitor_id = u.monitor_id AND s.agent_id = $13
      RETURNING s.monitor_id
    )
    INSERT INTO location_states (monitor_id, agent_id, status, last_heartbeat_at, streak_kind, streak_count, streak_started_at,
      down_since, pace_kind, pace_count, pace_started_at, degraded_since, last_error)
    SELECT u.monitor_id, $13::uuid, u.status, to_timestamp(u.last_ms / 1000), u.streak_kind, u.streak_count, to_timestamp(u.streak_ms / 1000),
      to_timestamp(u.down_ms / 1000), u.pace_kind, u.pace_count, to_timestamp(u.pace_ms / 1000), to_timestamp(u.degraded_ms / 1000), u.last_error
    FROM u WHERE u.monitor_id NOT IN (SELECT monitor_id FROM updated)`,
    [
      column((u) => u.monitorId),
      column((u) => u.state.status),
      column((u) => ms(u.state.lastHeartbeatAt)),
      column((u) => u.state.streakKind),
      column((u) => u.state.streakCount),
      column((u) => ms(u.state.streakStartedAt)),
      column((u) => ms(u.state.downSince)),
      column((u) => u.state.pace.paceKind),
      column((u) => u.state.pace.paceCount),
      column((u) => ms(u.state.pace.paceStartedAt)),
      column((u) => ms(u.state.pace.degradedSince)),
      errors,
      agentId,
    ],
    { prepare: false },
  );
}

/** The error of the newest check in `list` if it failed. */
export function newestError(list: readonly { time: Date; status: HeartbeatStatus; errorMessage?: string | null }[]): string | null {
  let newest = list[0];
  for (const item of list) if (newest && item.time > newest.time) newest = item;
  return newest && newest.status !== 'up' ? (newest.errorMessage ?? newest.status) : null;
}

import 'server-only';
import type postgres from 'postgres';
import { getEnv } from '@/lib/env';
import type { Location, LocationState } from './quorum';
import type { HeartbeatStatus } from './state-machine';

// The SQL around lib/ingest/quorum.ts for a batch's monitors that have several locations:
// every location's state and whether its agent is live, and the reporting location's new
// state. Run while the batch holds those monitors' row locks.

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
    [`{${monitorIds.join(",")}}`, liveSeconds],
  );
  const byMonitor = new Map<string, Location[]>();
  for (const row of rows) {
    const state: LocationState = {
      status: (row.status as LocationState['status']) ?? 'unknown',
      lastHeartbeatAt: date(row.last_ms),
      streakKind: row.streak_kind,
      streakCount: row.streak_count ?? 0,
      streakStartedAt: date(row.streak_started_ms),
      downSince: date(row.down_since_ms),
      pace: { paceKind: row.pace_kind, paceCount: row.pace_count ?? 0, paceStartedAt: date(row.pace_started_ms), degradedSince: date(row.degraded_since_ms) },
    };
    const list = byMonitor.get(row.monitor_id) ?? [];
    list.push({ agentId: row.agent_id, live: row.live, state });
    byMonitor.set(row.monitor_id, list);
  }
  return byMonitor;
}

export interface LocationUpdate {
  monitorId: string;
  state: LocationState;
  /** The newest check's error when it failed (what the dashboard names), else null. */
  lastError: string | null;
}

/** The reporting agent's new state at each monitor: one statement. */
export async function writeLocationStates(tx: postgres.TransactionSql, agentId: string, updates: LocationUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const t = (d: Date | null) => d?.toISOString() ?? null;
  const rows = updates.map(({ monitorId, state, lastError }) => ({
    monitor_id: monitorId,
    status: state.status,
    last_heartbeat_at: t(state.lastHeartbeatAt),
    streak_kind: state.streakKind,
    streak_count: state.streakCount,
    streak_started_at: t(state.streakStartedAt),
    down_since: t(state.downSince),
    pace_kind: state.pace.paceKind,
    pace_count: state.pace.paceCount,
    pace_started_at: t(state.pace.paceStartedAt),
    degraded_since: t(state.pace.degradedSince),
    last_error: lastError === null ? null : lastError.slice(0, 1000),
  }));
  await tx`
    INSERT INTO location_states (monitor_id, agent_id, status, last_heartbeat_at, streak_kind, streak_count, streak_started_at,
      down_since, pace_kind, pace_count, pace_started_at, degraded_since, last_error)
    SELECT r.monitor_id, ${agentId}::uuid, r.status, r.last_heartbeat_at, r.streak_kind, r.streak_count, r.streak_started_at,
      r.down_since, r.pace_kind, r.pace_count, r.pace_started_at, r.degraded_since, r.last_error
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(monitor_id uuid, status varchar, last_heartbeat_at timestamptz,
      streak_kind varchar, streak_count int, streak_started_at timestamptz, down_since timestamptz, pace_kind varchar,
      pace_count int, pace_started_at timestamptz, degraded_since timestamptz, last_error varchar)
    ON CONFLICT (monitor_id, agent_id) DO UPDATE SET
      status = excluded.status, last_heartbeat_at = excluded.last_heartbeat_at, streak_kind = excluded.streak_kind,
      streak_count = excluded.streak_count, streak_started_at = excluded.streak_started_at, down_since = excluded.down_since,
      pace_kind = excluded.pace_kind, pace_count = excluded.pace_count, pace_started_at = excluded.pace_started_at,
      degraded_since = excluded.degraded_since, last_error = excluded.last_error`;
}

/** The error of the newest check in `list` if it failed. */
export function newestError(list: readonly { time: Date; status: HeartbeatStatus; errorMessage?: string | null }[]): string | null {
  let newest = list[0];
  for (const item of list) if (newest && item.time > newest.time) newest = item;
  return newest && newest.status !== 'up' ? (newest.errorMessage ?? newest.status) : null;
}

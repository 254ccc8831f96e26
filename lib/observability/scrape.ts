import 'server-only';
import { replicaStatus, sqlClient } from '@/db';
import { log } from './log';
import { metrics } from './metrics';

// What /metrics reads from the database at each scrape: counts across all users (the
// same on every instance), in one round trip. When the database cannot be read the
// scrape still answers, with watchpost_database_up 0 and the process metrics.

interface PoolStats {
  queued: number;
  connecting: number;
  reserved: number;
  open: number;
  busy: number;
  full: number;
  max: number;
}

interface Counts {
  monitors: Record<string, number> | null;
  incidents: Record<string, number> | null;
  agents: Record<string, number> | null;
  outbox_depth: number;
  outbox_due: number;
  oldest_due_seconds: number | null;
  rollup_pending: number;
  rollup_lag_seconds: number | null;
}

const MONITOR_STATUSES = ['up', 'degraded', 'down', 'pending', 'unknown', 'paused'];

export async function refreshDatabaseGauges(): Promise<void> {
  const m = metrics();
  const pool = (sqlClient() as unknown as { watchpostPool?: () => PoolStats }).watchpostPool?.();
  if (pool) {
    m.poolConnections.set({ state: 'in_use' }, pool.busy + pool.full + pool.reserved);
    m.poolConnections.set({ state: 'idle' }, pool.open);
    m.poolConnections.set({ state: 'connecting' }, pool.connecting);
    m.poolWaiting.set(pool.queued);
    m.poolMax.set(pool.max);
  }
  const replica = replicaStatus();
  if (replica) {
    m.replicaLag.set(replica.reachable && replica.lagSeconds !== null ? replica.lagSeconds : -1);
    m.replicaInUse.set(replica.inUse ? 1 : 0);
  }
  try {
    const [counts] = await sqlClient().unsafe<Counts[]>(`
      SELECT
        (SELECT json_object_agg(status, n) FROM (
          SELECT CASE WHEN enabled IS FALSE OR status = 'paused' THEN 'paused' WHEN status = 'up' AND degraded_since IS NOT NULL THEN 'degraded' WHEN status IN ('up', 'down', 'pending') THEN status ELSE 'unknown' END AS status, count(*) AS n
          FROM monitors GROUP BY 1) s) AS monitors,
        (SELECT json_object_agg(acknowledged, n) FROM (
          SELECT (acknowledged_at IS NOT NULL)::text AS acknowledged, count(*) AS n
          FROM incidents WHERE resolved_at IS NULL GROUP BY 1) s) AS incidents,
        (SELECT json_object_agg(state, n) FROM (
          SELECT CASE WHEN status = 'online' THEN 'online' ELSE 'offline' END AS state, count(*) AS n
          FROM agents GROUP BY 1) s) AS agents,
        (SELECT count(*)::int FROM notification_deliveries WHERE state = 'queued') AS outbox_depth,
        (SELECT count(*)::int FROM notification_deliveries WHERE state = 'queued' AND due_at <= now()) AS outbox_due,
        (SELECT extract(epoch FROM now() - min(due_at))::float8 FROM notification_deliveries WHERE state = 'queued' AND due_at <= now()) AS oldest_due_seconds,
        (SELECT coalesce(sum(pairs), 0)::int FROM rollup_pending) AS rollup_pending,
        (SELECT extract(epoch FROM now() - min(marked_at))::float8 FROM rollup_pending) AS rollup_lag_seconds`);
    if (!counts) throw new Error('the metrics query returned no row');
    for (const status of MONITOR_STATUSES) m.monitors.set({ status }, Number(counts.monitors?.[status] ?? 0));
    for (const acknowledged of ['true', 'false']) m.openIncidents.set({ acknowledged }, Number(counts.incidents?.[acknowledged] ?? 0));
    for (const state of ['online', 'offline']) m.agents.set({ state }, Number(counts.agents?.[state] ?? 0));
    m.outboxDepth.set(counts.outbox_depth);
    m.outboxDue.set(counts.outbox_due);
    m.outboxOldestDue.set(Math.max(0, counts.oldest_due_seconds ?? 0));
    m.rollupPending.set(counts.rollup_pending);
    m.rollupLag.set(Math.max(0, counts.rollup_lag_seconds ?? 0));
    m.databaseUp.set(1);
  } catch (error) {
    m.databaseUp.set(0);
    log.warn('Metrics: cannot read the database; serving the process metrics only.', { error });
  }
}

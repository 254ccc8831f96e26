import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { WATCHPOST_VERSION } from '@/lib/version';

// The server's Prometheus metrics. Counters and histograms are per process (Prometheus
// sums them across instances); the gauges read from the database are filled in at scrape
// time (lib/observability/scrape.ts). Labels are few and fixed: never a monitor, agent or
// user id. Next compiles this module into several server bundles and the custom server
// imports it too, so the one registry lives on globalThis.

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metric = { registers: [registry] };
  const metrics = {
    registry,
    buildInfo: new Gauge({ ...metric, name: 'watchpost_build_info', help: 'Always 1; the version of Watchpost serving.', labelNames: ['version'] }),
    httpRequests: new Counter({
      ...metric,
      name: 'watchpost_http_requests_total',
      help: 'HTTP requests answered, by kind of route (api, agent_api, page, asset, metrics) and status code.',
      labelNames: ['route', 'code'],
    }),
    httpDuration: new Histogram({
      ...metric,
      name: 'watchpost_http_request_duration_seconds',
      help: 'Time from the request to the end of the response, by kind of route.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    heartbeats: new Counter({
      ...metric,
      name: 'watchpost_heartbeats_total',
      help: 'Heartbeats in batches that reached ingest: accepted (stored), duplicate (already stored), rejected (unknown monitor or time out of range).',
      labelNames: ['result'],
    }),
    heartbeatRejections: new Counter({
      ...metric,
      name: 'watchpost_heartbeats_rejected_total',
      help: 'Heartbeats rejected inside accepted batches, by reason.',
      labelNames: ['reason'],
    }),
    ingestRejections: new Counter({
      ...metric,
      name: 'watchpost_ingest_batches_rejected_total',
      help: 'Heartbeat batches refused whole, by reason (unauthorized, invalid, too_large, unsupported_media_type, rate_limited, overloaded, database_unavailable, internal).',
      labelNames: ['reason'],
    }),
    ingestDuration: new Histogram({
      ...metric,
      name: 'watchpost_ingest_batch_duration_seconds',
      help: 'Time to ingest one accepted heartbeat batch, from the request to the 202.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    deliveries: new Counter({
      ...metric,
      name: 'watchpost_notification_delivery_attempts_total',
      help: 'Notification delivery attempts made by this instance, by result (delivered, retry, failed).',
      labelNames: ['result'],
    }),
    leader: new Gauge({ ...metric, name: 'watchpost_background_leader', help: '1 while this instance runs the background work (built-in agent, sweeps, rollups, retention), else 0.' }),
    shuttingDown: new Gauge({ ...metric, name: 'watchpost_shutting_down', help: '1 once this instance has received SIGTERM and is draining.' }),
    // Filled in at scrape time.
    databaseUp: new Gauge({ ...metric, name: 'watchpost_database_up', help: '1 if the last scrape could read the database, else 0.' }),
    monitors: new Gauge({ ...metric, name: 'watchpost_monitors', help: 'Monitors by status (up, degraded: up but slow, down, pending, unknown, paused).', labelNames: ['status'] }),
    openIncidents: new Gauge({ ...metric, name: 'watchpost_incidents_open', help: 'Unresolved incidents, by whether someone acknowledged them.', labelNames: ['acknowledged'] }),
    agents: new Gauge({ ...metric, name: 'watchpost_agents', help: 'Agents by state (online, offline).', labelNames: ['state'] }),
    outboxDepth: new Gauge({ ...metric, name: 'watchpost_notification_outbox_depth', help: 'Notification deliveries waiting to be sent (queued), due now or later.' }),
    outboxDue: new Gauge({ ...metric, name: 'watchpost_notification_outbox_due', help: 'Queued notification deliveries that are due now.' }),
    outboxOldestDue: new Gauge({ ...metric, name: 'watchpost_notification_outbox_oldest_due_age_seconds', help: 'How long the longest-waiting due delivery has been due (0 when none is).' }),
    replicaLag: new Gauge({ ...metric, name: 'watchpost_replica_lag_seconds', help: 'Replay lag of the read replica (DATABASE_READ_URL) at its last probe; -1 when it cannot be reached or has replayed nothing yet. Absent without a replica.' }),
    replicaInUse: new Gauge({ ...metric, name: 'watchpost_replica_in_use', help: '1 while reads go to the read replica, 0 while they fall back to the primary (lag or unreachable). Absent without a replica.' }),
    rollupLag: new Gauge({ ...metric, name: 'watchpost_rollup_lag_seconds', help: 'Age of the oldest heartbeat write the rollups have not caught up with yet (0 when caught up).' }),
    rollupPending: new Gauge({ ...metric, name: 'watchpost_rollup_pending_marks', help: 'Hours marked for the rollups to bring up to date: (monitor, hour) pairs, once for each statement that wrote there.' }),
    poolConnections: new Gauge({ ...metric, name: 'watchpost_db_pool_connections', help: "This instance's database connections by state (in_use, idle, connecting).", labelNames: ['state'] }),
    poolWaiting: new Gauge({ ...metric, name: 'watchpost_db_pool_waiting_queries', help: 'Queries waiting for a free database connection.' }),
    poolMax: new Gauge({ ...metric, name: 'watchpost_db_pool_max_connections', help: 'The size of the database pool (DATABASE_POOL_SIZE).' }),
  };
  metrics.buildInfo.set({ version: WATCHPOST_VERSION }, 1);
  for (const result of ['accepted', 'duplicate', 'rejected']) metrics.heartbeats.inc({ result }, 0);
  metrics.leader.set(0);
  metrics.shuttingDown.set(0);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

const KEY = Symbol.for('watchpost.metrics');
const holder = globalThis as typeof globalThis & { [KEY]?: Metrics };

export function metrics(): Metrics {
  holder[KEY] ??= createMetrics();
  return holder[KEY];
}

/** The kind of route a path is, for the HTTP metrics' one label: a handful of values, never an id. */
export function routeKind(pathname: string): 'agent_api' | 'api' | 'agent_download' | 'metrics' | 'asset' | 'page' {
  if (pathname.startsWith('/api/v1/agent/')) return 'agent_api';
  if (pathname === '/api' || pathname.startsWith('/api/')) return 'api';
  if (pathname.startsWith('/agent/')) return 'agent_download';
  if (pathname === '/metrics') return 'metrics';
  if (pathname.startsWith('/_next/') || /\.(svg|ico|png|txt|js|css|map)$/.test(pathname)) return 'asset';
  return 'page';
}

import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/metrics/route';
import { resetEnvCache } from '@/lib/env';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// GET /metrics through its route handler: refused without the token, and with it a scrape
// that a real Prometheus text parser reads, whose counters move with the heartbeats posted.

const TOKEN = 'metrics-token-0123456789abcdef';
const sql = testSql();

function scrape(authorization?: string) {
  return GET(new Request('http://watchpost.test/metrics', { headers: authorization ? { authorization } : {} }));
}

async function families() {
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text());
}

function sample(list: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}): number {
  const family = list.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name} in the scrape`);
  const match = family.metrics.find((m) => Object.entries(labels).every(([key, value]) => m.labels?.[key] === value));
  return Number(match?.value ?? match?.count ?? Number.NaN);
}

beforeAll(() => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
});
afterEach(() => {
  delete process.env.WATCHPOST_METRICS_TOKEN;
  resetEnvCache();
});
afterAll(() => sql.end());

describe('GET /metrics', () => {
  it('is off (404) without WATCHPOST_METRICS_TOKEN, and 401 without the right bearer token', async () => {
    resetEnvCache();
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.WATCHPOST_METRICS_TOKEN = TOKEN;
    resetEnvCache();
    for (const header of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await scrape(header);
      expect(response.status, String(header)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain('watchpost_');
    }
  });

  it('parses as Prometheus text, and its counters and gauges move with ingest', async () => {
    process.env.WATCHPOST_METRICS_TOKEN = TOKEN;
    resetEnvCache();
    const before = await families();
    const { token, monitorIds } = await agentWithMonitors(2, { failureThreshold: 1 });
    const base = Date.now() - 600_000;
    const batch = { heartbeats: monitorIds.map((monitorId, i) => ({ monitorId, time: at(base, i), status: 'down' })) };
    expect((await postHeartbeats(token, batch)).status).toBe(202);
    expect((await postHeartbeats(token, batch)).status).toBe(202);
    const unknown = { heartbeats: [{ monitorId: crypto.randomUUID(), time: at(base, 5), status: 'up' }] };
    expect((await postHeartbeats(token, unknown)).status).toBe(202);
    expect((await postHeartbeats('wpa_not-a-token', batch)).status).toBe(401);
    expect((await postHeartbeats(token, '{not json')).status).toBe(400);
    const after = await families();

    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('watchpost_heartbeats_total', { result: 'accepted' })).toBe(2);
    expect(moved('watchpost_heartbeats_total', { result: 'duplicate' })).toBe(2);
    expect(moved('watchpost_heartbeats_total', { result: 'rejected' })).toBe(1);
    expect(sample(after, 'watchpost_heartbeats_rejected_total', { reason: 'unknown_monitor' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'watchpost_ingest_batches_rejected_total', { reason: 'unauthorized' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'watchpost_ingest_batches_rejected_total', { reason: 'invalid' })).toBeGreaterThanOrEqual(1);
    expect(moved('watchpost_ingest_batch_duration_seconds')).toBe(3);

    // Gauges read from the database: every monitor and open incident of every user.
    const [counts] = await sql`SELECT
      (SELECT count(*)::int FROM monitors WHERE status = 'down' AND enabled) AS down,
      (SELECT count(*)::int FROM incidents WHERE resolved_at IS NULL) AS open,
      (SELECT count(*)::int FROM agents WHERE status = 'online') AS online`;
    expect(sample(after, 'watchpost_monitors', { status: 'down' })).toBe(counts!.down);
    expect(sample(after, 'watchpost_incidents_open', { acknowledged: 'false' }) + sample(after, 'watchpost_incidents_open', { acknowledged: 'true' })).toBe(counts!.open);
    expect(sample(after, 'watchpost_agents', { state: 'online' })).toBe(counts!.online);
    expect(sample(after, 'watchpost_database_up')).toBe(1);
    expect(sample(after, 'watchpost_rollup_pending_marks')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'watchpost_rollup_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'watchpost_db_pool_max_connections')).toBeGreaterThan(0);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'watchpost_notification_outbox_depth', 'watchpost_notification_outbox_oldest_due_age_seconds', 'watchpost_background_leader']) {
      expect(Number.isFinite(sample(after, name)), name).toBe(true);
    }
    // No ids as labels: every label value is one of a few words.
    for (const family of after) {
      for (const metric of family.metrics) {
        for (const value of Object.values(metric.labels ?? {})) expect(value, family.name).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      }
    }
  });
});

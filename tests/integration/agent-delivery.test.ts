import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '@/agent/agent';
import { freePort } from '@/db/embedded';
import { createLogger } from '@/agent/log';
import { loadConfig } from '@/agent/saved-config';
import { resetEnvCache } from '@/lib/env';
import { startAgentApiServer } from '../helpers/agent-api-server';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// The agent against the real agent API and database: outages, a crash in the middle of
// one, and 429. Monitors check a local HTTP server every second.

const sql = testSql();
let target: http.Server;
let targetUrl: string;
const quiet = createLogger('error');
const until = async (condition: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
  target = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((resolve) => target.once('listening', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  target.close();
  await sql.end();
});

/** A user, an agent and two http monitors that run every second. */
async function setup() {
  const owner = await agentWithMonitors(2);
  await sql`UPDATE monitors SET type = 'http', target = ${targetUrl}, interval_seconds = 1, timeout_seconds = 1 WHERE agent_id = ${owner.agentId}`;
  return owner;
}

async function heartbeatTimes(monitorId: string): Promise<number[]> {
  const rows = await sql`SELECT (extract(epoch FROM time) * 1000)::float8 AS ms FROM heartbeats WHERE monitor_id = ${monitorId} ORDER BY time`;
  return rows.map((row) => row.ms as number);
}

const largestGap = (times: number[]) => Math.max(0, ...times.slice(1).map((t, i) => t - times[i]!));
const spoolDir = () => mkdtempSync(path.join(os.tmpdir(), 'watchpost-spool-'));

describe('agent delivery', () => {
  it('through an outage: every result delivered exactly once, none missing', async () => {
    const owner = await setup();
    const api = await startAgentApiServer();
    const spool = spoolDir();
    const metricsPort = await freePort();
    const agent = startAgent({ server: api.url, token: owner.token, spoolDir: spool, concurrency: 8, log: quiet, flushMs: 300, metricsPort });
    try {
      await until(async () => (await heartbeatTimes(owner.monitorIds[0]!)).length >= 2);
      api.state.mode = 'down';
      await until(() => agent.delivery.spooledBatches >= 2);
      await sleep(1500);
      const during = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(during).toMatch(/^watchpost_agent_checks_total\{type="http",result="up"\} [1-9]/m);
      expect(during).toMatch(/^watchpost_agent_check_duration_seconds_count\{type="http"\} [1-9]/m);
      expect(during).toMatch(/^watchpost_agent_upload_failures_total [1-9]/m);
      expect(during).toMatch(/^watchpost_agent_spool_batches [1-9]/m);
      expect(during).toMatch(/^watchpost_agent_monitors 2$/m);
      api.state.mode = 'up';
      await until(() => agent.delivery.spooledBatches === 0);
      await sleep(1200);
    } finally {
      await agent.stop(5000);
      await api.close();
    }
    for (const monitorId of owner.monitorIds) {
      const times = await heartbeatTimes(monitorId);
      expect(times.length).toBeGreaterThanOrEqual(5);
      // One check a second, through the outage: nothing lost.
      expect(largestGap(times)).toBeLessThan(1600);
    }
    const [row] = await sql`SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = ${owner.agentId}`;
    expect(row?.n).toBe(agent.delivery.stats.delivered);
    rmSync(spool, { recursive: true, force: true });
  }, 60_000);

  it('killed with SIGKILL in an outage and started again: the spooled results are still delivered', async () => {
    const owner = await setup();
    const api = await startAgentApiServer();
    const spool = spoolDir();
    const cli = path.resolve(__dirname, '../../agent/bin/watchpost-agent.cjs');
    const run = () => spawn(process.execPath, [cli, '--server', api.url, '--token', owner.token, '--spool', spool, '--log-level', 'error'], { stdio: 'inherit' });
    let child = run();
    try {
      await until(async () => (await heartbeatTimes(owner.monitorIds[0]!)).length >= 2);
      api.state.mode = 'down';
      const outageStarted = Date.now();
      await until(() => readdirSync(spool).filter((f) => f.endsWith('.json')).length >= 2);
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      api.state.mode = 'up';
      child = run();
      await until(() => readdirSync(spool).filter((f) => f.endsWith('.json')).length === 0);
      const during = (await heartbeatTimes(owner.monitorIds[0]!)).filter((t) => t >= outageStarted && t < killedAt);
      expect(during.length).toBeGreaterThanOrEqual(1);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await api.close();
      rmSync(spool, { recursive: true, force: true });
    }
  }, 60_000);

  it('restarted while the server is down: checks with the saved configuration, spools, and delivers when it is back', async () => {
    const owner = await setup();
    const api = await startAgentApiServer();
    const spool = spoolDir();
    const first = startAgent({ server: api.url, token: owner.token, spoolDir: spool, concurrency: 8, log: quiet, flushMs: 300 });
    try {
      await until(async () => (await heartbeatTimes(owner.monitorIds[0]!)).length > 0 && existsSync(path.join(spool, 'last-config')));
    } finally {
      await first.stop(5000);
    }
    expect(statSync(path.join(spool, 'last-config')).mode & 0o777).toBe(0o600);
    // Another server or token never reads it.
    expect(loadConfig(spool, api.url, `${owner.token}x`)).toBeNull();
    expect(loadConfig(spool, api.url, owner.token)?.config.monitors).toHaveLength(2);

    api.state.mode = 'down';
    const before = (await heartbeatTimes(owner.monitorIds[0]!)).length;
    const second = startAgent({ server: api.url, token: owner.token, spoolDir: spool, concurrency: 8, log: quiet, flushMs: 300 });
    try {
      // Checks run, with no answer from the server: their results wait in the spool.
      await until(() => second.delivery.spooledBatches >= 2);
      api.state.mode = 'up';
      await until(async () => (await heartbeatTimes(owner.monitorIds[0]!)).length >= before + 2 && second.delivery.spooledBatches === 0, 30_000);
    } finally {
      await second.stop(5000);
      await api.close();
      rmSync(spool, { recursive: true, force: true });
    }
  }, 60_000);

  it('honours Retry-After on 429', async () => {
    const owner = await setup();
    const api = await startAgentApiServer();
    const spool = spoolDir();
    api.state.mode = '429-once';
    const agent = startAgent({ server: api.url, token: owner.token, spoolDir: spool, concurrency: 8, log: quiet, flushMs: 300 });
    try {
      await until(() => api.state.posts.length >= 2);
    } finally {
      await agent.stop(5000);
      await api.close();
      rmSync(spool, { recursive: true, force: true });
    }
    expect(api.state.posts[1]! - api.state.posts[0]!).toBeGreaterThanOrEqual(2000);
  }, 60_000);

  it('comes back after each Retry-After of a busy server, not later and later', async () => {
    const owner = await setup();
    const api = await startAgentApiServer();
    const spool = spoolDir();
    api.state.busy = 4;
    const agent = startAgent({ server: api.url, token: owner.token, spoolDir: spool, concurrency: 8, log: quiet, flushMs: 300 });
    try {
      await until(() => api.state.posts.length >= 5, 30_000);
    } finally {
      await agent.stop(5000);
      await api.close();
      rmSync(spool, { recursive: true, force: true });
    }
    // Four 503s with Retry-After: 1: each time back after 1 to 1.5 s (and a little for the round trip).
    const gaps = api.state.posts.slice(1, 5).map((at, i) => at - api.state.posts[i]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(1000);
      expect(gap).toBeLessThan(1800);
    }
  }, 60_000);
});

describe('end to end', () => {
  it('a real agent process: the monitored server stops, the monitor goes down and an incident opens; it starts again and the incident resolves', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 2, recoveryThreshold: 1 });
    const site = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
    await new Promise((resolve) => site.once('listening', resolve));
    const sitePort = (site.address() as AddressInfo).port;
    const monitorId = owner.monitorIds[0]!;
    await sql`UPDATE monitors SET type = 'http', target = ${`http://127.0.0.1:${sitePort}/`}, interval_seconds = 1, timeout_seconds = 1 WHERE id = ${monitorId}`;
    const api = await startAgentApiServer();
    const spool = spoolDir();
    const cli = path.resolve(__dirname, '../../agent/bin/watchpost-agent.cjs');
    const child = spawn(process.execPath, [cli, '--server', api.url, '--token', owner.token, '--spool', spool, '--log-level', 'error'], { stdio: 'inherit' });
    const monitor = async () => (await sql`SELECT status FROM monitors WHERE id = ${monitorId}`)[0]?.status;
    try {
      await until(async () => (await monitor()) === 'up', 30_000);
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
      const stoppedAt = Date.now();
      await until(async () => (await monitor()) === 'down', 30_000);
      expect(await sql`SELECT status FROM incidents WHERE monitor_id = ${monitorId}`).toEqual([{ status: 'open' }]);
      await sleep(2000);
      site.listen(sitePort, '127.0.0.1');
      await until(async () => (await monitor()) === 'up', 30_000);
      const restartedAfter = (Date.now() - stoppedAt) / 1000;
      const [incident] = await sql`SELECT status, ttr_seconds FROM incidents WHERE monitor_id = ${monitorId}`;
      expect(incident?.status).toBe('resolved');
      // Down from the first failed check to the first good one: about as long as the site was off.
      expect(incident?.ttr_seconds).toBeGreaterThanOrEqual(2);
      expect(incident?.ttr_seconds).toBeLessThanOrEqual(Math.ceil(restartedAfter) + 2);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      site.close();
      await api.close();
      rmSync(spool, { recursive: true, force: true });
    }
  }, 90_000);
});

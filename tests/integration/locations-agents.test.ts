import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dashboardRows } from '@/db/queries/dashboard';
import { createAgent } from '@/lib/agents/manage';
import { getEnv, resetEnvCache } from '@/lib/env';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor } from '@/lib/monitors/manage';
import { buildAgent } from '@/scripts/build-agent';
import { startAgentApiServer } from '../helpers/agent-api-server';
import { createTestUser } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

// Three real agent processes (the one-file agent, as users run it) check one monitor from
// three "locations". Each connects from its own loopback address (127.0.0.1, .2, .3: a
// --require hook in the agent's process binds its sockets, the agent's code is the one users
// get), and the target refuses the addresses the test chooses: a network path that fails
// for one location only.

const root = path.resolve(__dirname, '../..');
const sql = testSql();
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let site: http.Server;
let folder: string;
const failingFrom = new Set<string>();
const children: ChildProcess[] = [];

const until = async (condition: () => Promise<boolean>, what: string, timeoutMs = 40_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

beforeAll(async () => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
  await buildAgent(root);
  api = await startAgentApiServer();
  site = http.createServer((req, res) => {
    const from = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    res.statusCode = failingFrom.has(from) ? 503 : 200;
    res.end(failingFrom.has(from) ? 'unavailable from here' : 'ok');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  folder = mkdtempSync(path.join(os.tmpdir(), 'watchpost-locations-'));
  writeFileSync(path.join(folder, 'watchpost-agent.mjs'), Buffer.from(await (await fetch(`${api.url}/agent/watchpost-agent.mjs`)).arrayBuffer()));
  // Bind the agent's connections to the site to its location's address.
  writeFileSync(
    path.join(folder, 'source-address.cjs'),
    `const net = require('node:net');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (options && typeof options === 'object' && Number(options.port) === Number(process.env.SITE_PORT)) options.localAddress = process.env.SOURCE_ADDRESS;
  return connect.apply(this, args);
};
`,
  );
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await api.close();
  site.close();
  rmSync(folder, { recursive: true, force: true });
  await sql.end();
});

function startAgent(token: string, address: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(folder, 'watchpost-agent.mjs'), '--server', api.url, '--token', token, '--spool', path.join(folder, `spool-${address}`)], {
    cwd: folder,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      NODE_OPTIONS: `--require ${path.join(folder, 'source-address.cjs')}`,
      SITE_PORT: String((site.address() as AddressInfo).port),
      SOURCE_ADDRESS: address,
    },
  });
  children.push(child);
  return child;
}

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
};

it('three agents, 2 of 3: one failing path is partial, two open the incident, two stopped make it stale', async () => {
  const user = await createTestUser('three-agents');
  const agents: Awaited<ReturnType<typeof createAgent>>[] = [];
  for (const name of ['Frankfurt', 'New York', 'Singapore']) agents.push(await createAgent({ ctx: user.ctx, input: { name, kind: 'remote' } }));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  const input = monitorFormSchema.parse({
    name: `Shop ${randomUUID().slice(0, 4)}`,
    agentId: agents[0]!.id,
    [`location:${agents[1]!.id}`]: 'on',
    [`location:${agents[2]!.id}`]: 'on',
    type: 'http',
    target: siteUrl,
    failureThreshold: '2',
    recoveryThreshold: '1',
    quorumRule: 'k',
    quorumK: '2',
  });
  const { id: monitorId } = await createMonitor({ ctx: user.ctx, input });
  // Every second, so the test does not wait long.
  await sql`UPDATE monitors SET interval_seconds = 1, timeout_seconds = 1 WHERE id = ${monitorId}`;
  const checksFrom = async (agentId: string, since = new Date(0)) =>
    ((await sql`SELECT count(*)::int AS n FROM heartbeats WHERE monitor_id = ${monitorId} AND agent_id = ${agentId} AND time > ${since}`)[0]!.n as number);
  const status = async () => (await dashboardRows(user.teamId, getEnv().WATCHPOST_AGENT_POLL_SECONDS, {})).rows.find((row) => row.id === monitorId)!.status;
  const openIncidents = async () => (await sql`SELECT started_at FROM incidents WHERE monitor_id = ${monitorId} AND resolved_at IS NULL`).length;

  failingFrom.add('127.0.0.3');
  const processes = [startAgent(agents[0]!.token!, '127.0.0.1'), startAgent(agents[1]!.token!, '127.0.0.2'), startAgent(agents[2]!.token!, '127.0.0.3')];
  await until(async () => (await Promise.all(agents.map((a) => checksFrom(a.id)))).every((n) => n >= 4), 'four checks from each location');
  await until(async () => (await status()) === 'partial', 'partial');
  expect(await openIncidents()).toBe(0);
  const [singapore] = await sql`SELECT status, last_error FROM location_states WHERE monitor_id = ${monitorId} AND agent_id = ${agents[2]!.id}`;
  expect(singapore).toMatchObject({ status: 'down' });
  expect(singapore!.last_error).toContain('503');

  // New York's path fails too: two of three, the incident opens.
  failingFrom.add('127.0.0.2');
  await until(async () => (await openIncidents()) === 1, 'the incident');
  expect(await status()).toBe('down');

  // New York and Singapore stop; once their agents count as offline, one location is left: stale.
  await Promise.all([stop(processes[1]!), stop(processes[2]!)]);
  await sql`UPDATE agents SET last_seen_at = now() - interval '10 minutes' WHERE id IN ${sql([agents[1]!.id, agents[2]!.id])}`;
  const now = new Date();
  await until(async () => (await checksFrom(agents[0]!.id, now)) >= 2, 'Frankfurt keeps checking');
  expect(await status()).toBe('stale');
  expect(await openIncidents()).toBeLessThanOrEqual(1);
  await stop(processes[0]!);
}, 120_000);

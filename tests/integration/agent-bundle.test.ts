import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { buildAgent } from '@/scripts/build-agent';
import { startAgentApiServer } from '../helpers/agent-api-server';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// The one-file agent as a user gets it: downloaded from the server into an empty folder
// far from any node_modules, run with plain `node`, installed as a service.

const root = path.resolve(__dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const sql = testSql();
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let site: http.Server;
let siteUrl: string;
let folder: string;
let agentFile: string;

const until = async (condition: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
// Nothing of this checkout's environment: no NODE_PATH, no NODE_OPTIONS loaders.
const bareEnv = { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } as NodeJS.ProcessEnv;
const node = (args: string[], cwd = folder) => spawnSync(process.execPath, [agentFile, ...args], { cwd, encoding: 'utf8', env: bareEnv });
/** Like `node` but without blocking this process, whose server the agent talks to. */
const nodeAsync = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [agentFile, ...args], { cwd: folder, env: bareEnv });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
const run = (args: string[]): ChildProcess =>
  spawn(process.execPath, [agentFile, ...args], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'], env: bareEnv });
const stop = async (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await new Promise((resolve) => child.once('exit', resolve));
};

async function heartbeatCount(agentId: string): Promise<number> {
  const [row] = await sql`SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = ${agentId}`;
  return row!.n as number;
}

/** A user, an agent and two http monitors on the local site, every second. */
async function setup() {
  const owner = await agentWithMonitors(2);
  await sql`UPDATE monitors SET type = 'http', target = ${siteUrl}, interval_seconds = 1, timeout_seconds = 1 WHERE agent_id = ${owner.agentId}`;
  return owner;
}

beforeAll(async () => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
  await buildAgent(root);
  api = await startAgentApiServer();
  site = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((resolve) => site.once('listening', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  // os.tmpdir(): no node_modules in it or above it, so the file has to stand alone.
  folder = mkdtempSync(path.join(os.tmpdir(), 'watchpost-agent-install-'));
  agentFile = path.join(folder, 'watchpost-agent.mjs');
}, 60_000);
afterAll(async () => {
  await api.close();
  site.close();
  rmSync(folder, { recursive: true, force: true });
  await sql.end();
});

describe('the one-file agent', () => {
  it('is served with the version and SHA-256 that /agent/version.json gives, and revalidates by ETag', async () => {
    const info = await (await fetch(`${api.url}/agent/version.json`)).json();
    expect(info).toMatchObject({ version, url: '/agent/watchpost-agent.mjs', node: '>=20' });
    const response = await fetch(`${api.url}/agent/watchpost-agent.mjs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = Buffer.from(await response.arrayBuffer());
    expect(code.byteLength).toBe(info.size);
    expect(createHash('sha256').update(code).digest('hex')).toBe(info.sha256);
    expect(response.headers.get('etag')).toBe(`"${info.sha256}"`);
    const again = await fetch(`${api.url}/agent/watchpost-agent.mjs`, { headers: { 'if-none-match': `"${info.sha256}"` } });
    expect(again.status).toBe(304);
    writeFileSync(agentFile, code);
    expect(existsSync(path.join(folder, 'node_modules'))).toBe(false);
  });

  it('answers --version and --help, and refuses an unknown command or option', () => {
    expect(node(['--version']).stdout.trim()).toBe(`watchpost-agent ${version}`);
    const help = node(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('install');
    expect(help.stdout).toContain('--server URL');
    const unknown = node(['uninstall']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "uninstall"');
    expect(node(['--frobnicate']).status).not.toBe(0);
    expect(node([]).stderr).toContain('--server (or WATCHPOST_SERVER) is required');
  });

  it('runs from an empty folder with plain node: its heartbeats are stored and the server records its version', async () => {
    const owner = await setup();
    const child = run(['--server', api.url, '--token', owner.token, '--spool', path.join(folder, 'spool-run')]);
    try {
      await until(async () => (await heartbeatCount(owner.agentId)) >= 4);
    } finally {
      await stop(child);
    }
    const [agent] = await sql`SELECT version FROM agents WHERE id = ${owner.agentId}`;
    expect(agent!.version).toBe(version);
  }, 60_000);

  it('killed, and started again while the server is down: checks from its saved configuration, spools, and delivers when the server is back', async () => {
    const owner = await setup();
    const spool = path.join(folder, 'spool-outage');
    const args = ['--server', api.url, '--token', owner.token, '--spool', spool];
    let child = run(args);
    try {
      await until(async () => (await heartbeatCount(owner.agentId)) >= 2 && existsSync(path.join(spool, 'last-config')));
      await stop(child, 'SIGKILL');
      api.state.mode = 'down';
      const before = await heartbeatCount(owner.agentId);
      child = run(args);
      let log = '';
      child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      // No configuration from the server: it checks from the saved one; results wait on disk.
      await until(() => readdirSync(spool).filter((file) => file.endsWith('.json')).length >= 2);
      expect(log).toContain('config.saved_used');
      api.state.mode = 'up';
      await until(async () => (await heartbeatCount(owner.agentId)) >= before + 4 && readdirSync(spool).filter((file) => file.endsWith('.json')).length === 0);
    } finally {
      api.state.mode = 'up';
      await stop(child);
    }
  }, 90_000);

  it('install writes a systemd unit that keeps the token off the command line, in a file only root reads', async () => {
    const owner = await setup();
    const target = path.join(folder, 'root');
    const installed = await nodeAsync(['install', '--server', api.url, '--token', owner.token, '--root', target]);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('systemctl daemon-reload && systemctl enable --now watchpost-agent');
    expect(installed.stdout).toContain(`The server knows this token: agent "`);

    const unit = readFileSync(path.join(target, 'etc/systemd/system/watchpost-agent.service'), 'utf8');
    expect(unit).toContain(`ExecStart=${process.execPath} /opt/watchpost-agent/watchpost-agent.mjs --spool /var/lib/watchpost-agent`);
    expect(unit).toContain('EnvironmentFile=/etc/watchpost-agent/agent.env');
    expect(unit).not.toContain(owner.token);
    const environment = path.join(target, 'etc/watchpost-agent/agent.env');
    expect(readFileSync(environment, 'utf8')).toBe(`WATCHPOST_SERVER=${api.url}\nWATCHPOST_TOKEN=${owner.token}\n`);
    expect(statSync(environment).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(target, 'opt/watchpost-agent/watchpost-agent.mjs')).equals(readFileSync(agentFile))).toBe(true);

    // systemd itself accepts the unit, where it is there to ask.
    const analyze = spawnSync('systemd-analyze', ['verify', path.join(target, 'etc/systemd/system/watchpost-agent.service')], { encoding: 'utf8' });
    if (!analyze.error) expect(analyze.stderr).not.toMatch(/Unknown (key|section)|Invalid|Failed to parse/i);

    // A token the server does not know installs nothing.
    const refused = await nodeAsync(['install', '--server', api.url, '--token', `${owner.token}x`, '--root', path.join(folder, 'refused')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('the server refused the token');
    expect(existsSync(path.join(folder, 'refused'))).toBe(false);
  }, 60_000);
});

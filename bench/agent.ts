// npm run bench:agent — the one-file agent (dist/agent/watchpost-agent.mjs, built first) as
// a user runs it, checking BENCH_MONITORS (10,000) http monitors every BENCH_INTERVAL (5) s
// against a local HTTP server, beside Debian's prometheus-blackbox-exporter probing the
// same server, in the same run. Prints checks per CPU-second of each and the agent's RSS.
//
// The agent gets its configuration from, and delivers its results to, a stand-in for the
// Watchpost API in this process (the agent protocol v1: config with ETag, heartbeat
// batches answered 202), so only the agent's own work is measured. The blackbox exporter
// is driven the way Prometheus drives it: GET /probe?module=http_2xx&target=…, BENCH_PROBERS
// (64) at a time, back to back. BLACKBOX_EXPORTER names its binary if it is not on PATH.
// BENCH_ASSERTIONS=1 gives every monitor four assertions (status, a header, a JSONPath
// value and the latency), so the body is read and parsed on every check.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { AGENT_BUNDLE_DIR, AGENT_BUNDLE_FILE } from '../lib/agents/bundle-files';
import { buildAgent } from '../scripts/build-agent';
import { freePort } from '../db/embedded';
import { cpuSeconds, log, memoryMegabytes as memory, root, runBench } from './harness';

const monitors = Number(process.env.BENCH_MONITORS ?? 10_000);
const interval = Number(process.env.BENCH_INTERVAL ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const probers = Number(process.env.BENCH_PROBERS ?? 64);
const blackboxBinary = process.env.BLACKBOX_EXPORTER ?? 'prometheus-blackbox-exporter';
const withAssertions = process.env.BENCH_ASSERTIONS === '1';
const ASSERTIONS = [
  { source: 'status', operator: 'eq', value: '200' },
  { source: 'header', path: 'Content-Type', operator: 'contains', value: 'json' },
  { source: 'json', path: '$.status', operator: 'eq', value: 'ok' },
  { source: 'latency', operator: 'lt', value: '5000' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', 4096, () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function runAgent(target: string) {
  const info = await buildAgent(root);
  log(`agent ${info.version}: ${path.join(AGENT_BUNDLE_DIR, AGENT_BUNDLE_FILE)} (${(info.size / 1024).toFixed(0)} KiB)`);
  const config = JSON.stringify({
    agent: { id: '00000000-0000-4000-8000-000000000000', name: 'bench' },
    pollSeconds: 60,
    monitors: Array.from({ length: monitors }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      name: `m${i}`,
      type: 'http',
      target: `${target}/?m=${i}`,
      intervalSeconds: interval,
      timeoutSeconds: Math.min(10, interval - 1),
      options: withAssertions ? { assertions: ASSERTIONS } : {},
    })),
  });
  // Checks counted by the time they ran, so delivery's batching does not blur the window.
  let window = { from: Infinity, to: Infinity };
  let checks = 0;
  const statuses: Record<string, number> = {};
  const api = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/api/v1/agent/config') {
      if (req.headers['if-none-match'] === '"bench"') return res.writeHead(304).end();
      return res.writeHead(200, { 'content-type': 'application/json', etag: '"bench"' }).end(config);
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { heartbeats } = JSON.parse(Buffer.concat(chunks).toString()) as { heartbeats: { time: string; status: string }[] };
      for (const heartbeat of heartbeats) {
        const time = Date.parse(heartbeat.time);
        if (time < window.from || time >= window.to) continue;
        checks += 1;
        statuses[heartbeat.status] = (statuses[heartbeat.status] ?? 0) + 1;
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: heartbeats.length, duplicates: 0, rejected: [] }));
    });
  });
  const apiUrl = await listen(api);
  const spool = mkdtempSync(path.join(os.tmpdir(), 'watchpost-bench-spool-'));
  // BENCH_PROFILE=dir: write a V8 CPU profile of the agent there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
  // BENCH_NODE_FLAGS: extra node flags for the agent, to try V8 settings.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const agent = spawn(process.execPath, [...flags, ...profile, path.join(root, AGENT_BUNDLE_DIR, AGENT_BUNDLE_FILE), '--server', apiUrl, '--token', 'wpa_bench', '--spool', spool, '--log-level', 'warn'], {
    cwd: spool,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    // Warm up for one interval and a bit: every monitor has had its first (jittered) run.
    await sleep((interval + 2) * 1000);
    const cpuBefore = cpuSeconds(agent.pid!);
    window = { from: Date.now(), to: Infinity };
    await sleep(seconds * 1000);
    window = { ...window, to: Date.now() };
    const cpu = cpuSeconds(agent.pid!) - cpuBefore;
    const mem = memory(agent.pid!);
    // Results of the window still in the agent's 2-second batch.
    await sleep(3000);
    return { checks, perSecond: checks / seconds, perCpuSecond: checks / cpu, cpu, mem, statuses };
  } finally {
    agent.kill('SIGTERM');
    await new Promise((resolve) => agent.once('exit', resolve));
    api.close();
    rmSync(spool, { recursive: true, force: true });
  }
}

async function runBlackbox(target: string) {
  const found = spawnSync(blackboxBinary, ['--version'], { encoding: 'utf8' });
  if (found.error) return null;
  const version = /version (\S+)/.exec(`${found.stdout}${found.stderr}`)?.[1] ?? '?';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watchpost-bench-blackbox-'));
  const configFile = path.join(dir, 'blackbox.yml');
  writeFileSync(configFile, `modules:\n  http_2xx:\n    prober: http\n    timeout: ${Math.min(10, interval - 1)}s\n    http:\n      preferred_ip_protocol: ip4\n`);
  const port = await freePort();
  const exporter: ChildProcess = spawn(blackboxBinary, [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dispatcher = new Agent({ connections: probers, keepAliveTimeout: 30_000 });
  const probe = async () => {
    const response = await request(`http://127.0.0.1:${port}/probe?module=http_2xx&target=${encodeURIComponent(`${target}/`)}`, { dispatcher });
    return /^probe_success 1$/m.test(await response.body.text());
  };
  try {
    for (let i = 0; i < 100; i++) {
      if (await probe().catch(() => false)) break;
      await sleep(100);
    }
    let running = true;
    let probes = 0;
    let failed = 0;
    const drive = async () => {
      while (running) {
        if (await probe()) probes += 1;
        else failed += 1;
      }
    };
    // Warm up, then measure.
    const warm = Array.from({ length: probers }, drive);
    await sleep(2000);
    probes = 0;
    failed = 0;
    const cpuBefore = cpuSeconds(exporter.pid!);
    const started = performance.now();
    await sleep(seconds * 1000);
    const cpu = cpuSeconds(exporter.pid!) - cpuBefore;
    const elapsed = (performance.now() - started) / 1000;
    const counted = { probes, failed };
    running = false;
    await Promise.all(warm);
    return { version, ...counted, perSecond: counted.probes / elapsed, perCpuSecond: counted.probes / cpu, cpu, mem: memory(exporter.pid!) };
  } finally {
    exporter.kill('SIGTERM');
    await dispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  // A health endpoint as assertions read it (the same answer with and without them).
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","version":"2.4.1"}'));
  const target = await listen(server);
  log(`${monitors.toLocaleString('en')} http monitors${withAssertions ? ` with ${ASSERTIONS.length} assertions each` : ''} every ${interval} s (${Math.round(monitors / interval).toLocaleString('en')} checks/s offered), measured for ${seconds} s after a warm-up…`);
  const agent = await runAgent(target);
  log(`${blackboxBinary}, ${probers} probes at a time against the same server for ${seconds} s…`);
  const blackbox = await runBlackbox(target);
  server.close();

  console.log('');
  console.log(`Agent checks         ${Math.round(agent.perSecond).toLocaleString('en')} http checks/s of ${Math.round(monitors / interval).toLocaleString('en')} offered (${agent.checks.toLocaleString('en')} in ${seconds} s; ${JSON.stringify(agent.statuses)})`);
  console.log(`Agent CPU            ${agent.cpu.toFixed(1)} s = ${Math.round(agent.perCpuSecond).toLocaleString('en')} checks per CPU-second`);
  console.log(`Agent memory         ${Math.round(agent.mem.rss)} MB RSS, ${Math.round(agent.mem.peak)} MB peak, with ${monitors.toLocaleString('en')} monitors (target ≤ 100 MB)`);
  if (blackbox) {
    console.log(`Blackbox exporter    ${blackbox.version}: ${Math.round(blackbox.perSecond).toLocaleString('en')} probes/s (${blackbox.failed} failed), ${blackbox.cpu.toFixed(1)} CPU s = ${Math.round(blackbox.perCpuSecond).toLocaleString('en')} probes per CPU-second, ${Math.round(blackbox.mem.rss)} MB RSS`);
    console.log(`Agent / exporter     ${(agent.perCpuSecond / blackbox.perCpuSecond).toFixed(2)} × the checks per CPU-second (target ≥ 2)`);
  } else {
    console.log(`Blackbox exporter    not found (${blackboxBinary}): apt-get install prometheus-blackbox-exporter, or set BLACKBOX_EXPORTER`);
  }
  console.log(`Machine              ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
}

runBench(main);

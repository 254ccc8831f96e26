// npm run bench:agent — one agent process checking BENCH_MONITORS (10,000) http monitors
// every BENCH_INTERVAL (5) seconds against a local HTTP server, for BENCH_SECONDS (20)
// after a warm-up interval. Prints checks/s, CPU per 1,000 checks (so checks per core-second)
// and the agent's RSS with that many monitors scheduled.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const monitors = Number(process.env.BENCH_MONITORS ?? 10_000);
const interval = Number(process.env.BENCH_INTERVAL ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);

async function main() {
  const server = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1', 4096);
  await new Promise((resolve) => server.once('listening', resolve));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`[bench] ${monitors.toLocaleString('en')} http monitors every ${interval} s (${Math.round(monitors / interval).toLocaleString('en')} checks/s offered), measured for ${seconds} s after a ${interval} s warm-up…`);
  // Loaded the way the agent's bin loads it (tsx's require hook, no loader thread).
  const worker = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'agent-worker.ts'), target, String(monitors), String(interval), String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => worker.once('exit', resolve));
  server.close();
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as {
    checks: number;
    checksPerSecond: number;
    cpuMsPer1000: number;
    rssMb: number;
    statuses: Record<string, number>;
  };
  console.log('');
  console.log(`Checks               ${Math.round(result.checksPerSecond).toLocaleString('en')} http checks/s (${result.checks.toLocaleString('en')} in ${seconds} s; ${JSON.stringify(result.statuses)})`);
  console.log(`CPU                  ${result.cpuMsPer1000.toFixed(0)} ms per 1,000 checks = ${Math.round(1e6 / result.cpuMsPer1000).toLocaleString('en')} checks per core-second`);
  console.log(`Agent RSS            ${Math.round(result.rssMb)} MB with ${monitors.toLocaleString('en')} monitors`);
  console.log(`Machine              ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

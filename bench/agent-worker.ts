// The agent side of `npm run bench:agent`, in its own process so its CPU and memory are
// its own: the agent's scheduler and http check on N monitors. Prints one JSON line.
import { runCheck } from '../agent/checks';
import { Scheduler } from '../agent/scheduler';
import type { AgentMonitor } from '../lib/contracts/agent-config';
import { httpOptionsSchema } from '../lib/contracts/monitors';

async function main() {
  const [target, monitorCount, intervalSeconds, seconds] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
  const options = httpOptionsSchema.parse({});
  const monitors: AgentMonitor[] = Array.from({ length: monitorCount }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `m${i}`,
    type: 'http',
    target: `${target}/?m=${i}`,
    intervalSeconds,
    timeoutSeconds: Math.min(10, intervalSeconds - 1),
    options,
  }));
  let counting = false;
  let checks = 0;
  const statuses: Record<string, number> = {};
  const scheduler = new Scheduler({
    concurrency: 256,
    runCheck,
    onResult: (heartbeat) => {
      if (!counting) return;
      checks += 1;
      statuses[heartbeat.status] = (statuses[heartbeat.status] ?? 0) + 1;
    },
  });
  scheduler.update(monitors);
  // Warm up for one interval: every monitor has had its first (jittered) run.
  await new Promise((resolve) => setTimeout(resolve, intervalSeconds * 1000));
  counting = true;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = (performance.now() - started) / 1000;
  counting = false;
  const rss = process.memoryUsage().rss;
  await scheduler.stop(2000);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ checks, elapsed, checksPerSecond: checks / elapsed, cpuSeconds, cpuMsPer1000: (cpuSeconds * 1e6) / checks, rssMb: rss / 2 ** 20, statuses })}\n`,
  );
  process.exit(0);
}

void main();

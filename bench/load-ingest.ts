// The load generator of `npm run bench:ingest`, in a process of its own: N agents, each
// one connection posting batches back to back for a fixed time. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

interface Plan {
  url: string;
  durationSeconds: number;
  batchSize: number;
  agents: { token: string; monitorIds: string[] }[];
  startTime: number;
}

async function main() {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
  const dispatcher = new Agent({ connections: plan.agents.length, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let accepted = 0;
  const deadline = performance.now() + plan.durationSeconds * 1000;

  await Promise.all(
    plan.agents.map(async (agent, agentIndex) => {
      // Each agent's times move forward 1 ms per heartbeat, so nothing is a duplicate.
      let clock = plan.startTime + agentIndex;
      while (performance.now() < deadline) {
        const heartbeats = [];
        for (let i = 0; i < plan.batchSize; i++) {
          clock += 1;
          heartbeats.push({
            monitorId: agent.monitorIds[i % agent.monitorIds.length],
            time: new Date(clock).toISOString(),
            status: i % 97 === 0 ? 'down' : 'up',
            latencyMs: 10 + (i % 50),
          });
        }
        const body = JSON.stringify({ heartbeats });
        const started = performance.now();
        const response = await request(`${plan.url}/api/v1/agent/heartbeats`, {
          method: 'POST',
          dispatcher,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
          body,
        });
        const text = await response.body.text();
        latencies.push(performance.now() - started);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 202) accepted += (JSON.parse(text) as { accepted: number }).accepted;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }),
  );
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  process.stdout.write(
    `${JSON.stringify({ requests: latencies.length, accepted, p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? 0, statuses: Object.fromEntries(statuses) })}\n`,
  );
}

void main();

// The load generator of `npm run bench:ingest`, in a process of its own. Two ways to load:
// - closed: N agents, each one connection posting batches back to back (the maximum);
// - open: batches at a fixed rate whatever the answers (what agents on a schedule do),
//   each timed from when it was due, so queueing in the client counts too.
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

interface Plan {
  url: string;
  mode: 'closed' | 'open';
  durationSeconds: number;
  /** open: batches per second, spread over the agents in turn. */
  rate?: number;
  batchSize: number;
  agents: { token: string; monitorIds: string[] }[];
  startTime: number;
  /** How far an agent's clock moves per heartbeat. */
  stepMs?: number;
}

async function main() {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
  const dispatcher = new Agent({ connections: plan.mode === 'open' ? 256 : plan.agents.length, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const retryAfter = new Set<string>();
  let accepted = 0;
  // Each agent's times move forward stepMs (1 ms unless asked) per heartbeat, so nothing is a duplicate.
  const step = plan.stepMs ?? 1;
  const clocks = plan.agents.map((_, index) => plan.startTime + index);

  const send = async (agentIndex: number, due: number) => {
    const agent = plan.agents[agentIndex]!;
    const heartbeats = [];
    for (let i = 0; i < plan.batchSize; i++) {
      clocks[agentIndex]! += step;
      heartbeats.push({
        monitorId: agent.monitorIds[i % agent.monitorIds.length],
        time: new Date(clocks[agentIndex]!).toISOString(),
        status: i % 97 === 0 ? 'down' : 'up',
        latencyMs: 10 + (i % 50),
      });
    }
    const response = await request(`${plan.url}/api/v1/agent/heartbeats`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
      body: JSON.stringify({ heartbeats }),
    });
    const text = await response.body.text();
    latencies.push(performance.now() - due);
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    if (response.statusCode === 202) accepted += (JSON.parse(text) as { accepted: number }).accepted;
    else if (response.headers['retry-after']) retryAfter.add(String(response.headers['retry-after']));
    return response.statusCode;
  };

  const began = performance.now();
  const deadline = began + plan.durationSeconds * 1000;
  if (plan.mode === 'closed') {
    await Promise.all(
      plan.agents.map(async (_, agentIndex) => {
        while (performance.now() < deadline) {
          if ((await send(agentIndex, performance.now())) !== 202) await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    );
  } else {
    const pending: Promise<unknown>[] = [];
    const gap = 1000 / plan.rate!;
    for (let k = 0; began + k * gap < deadline; k++) {
      const due = began + k * gap;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(send(k % plan.agents.length, due));
    }
    await Promise.all(pending);
  }
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  process.stdout.write(
    `${JSON.stringify({ requests: latencies.length, accepted, p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? 0, statuses: Object.fromEntries(statuses), retryAfter: [...retryAfter] })}\n`,
  );
}

void main();

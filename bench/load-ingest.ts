// The load generator of `npm run bench:ingest`, in a process of its own. Two ways to load:
// - closed: N agents, each one connection posting batches back to back (the maximum);
// - open: batches fall due at a fixed rate whatever the answers (what agents on a schedule
//   do), spread over the agents in turn; each agent sends its due batches one at a time, in
//   order, as the agent's one sender does (agent/delivery.ts), so a batch due while the one
//   before it waits out a 503 waits behind it. Each is timed from when it was due to when it
//   was stored: queueing in the client and waiting out a 503 count too.
// Clients behave as the agent does (agent/delivery.ts): a batch refused with 429 or 5xx is
// sent again after the Retry-After given (plus up to half again), or the agent's backoff. With `rude`,
// agents of their own ignore Retry-After and send each refused batch again at once (what a
// misconfigured client does), alongside the well-behaved ones; their numbers are kept apart.
// Prints one JSON line.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { retryWait } from '../agent/delivery';

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
  /** closed: agents of their own whose clients ignore Retry-After, beside `agents`. */
  rude?: { token: string; monitorIds: string[] }[];
}

interface Tally {
  /** Batches stored, and how long each took from when it was due (ms). */
  latencies: number[];
  accepted: number;
  /** Batches still refused when the phase ended. */
  unstored: number;
  statuses: Map<number, number>;
  retryAfter: Set<string>;
}

const tally = (): Tally => ({ latencies: [], accepted: 0, unstored: 0, statuses: new Map(), retryAfter: new Set() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function summary(t: Tally) {
  const latencies = [...t.latencies].sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const requests = [...t.statuses.values()].reduce((a, b) => a + b, 0);
  return { requests, batches: latencies.length, unstored: t.unstored, accepted: t.accepted, p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? 0, statuses: Object.fromEntries(t.statuses), retryAfter: [...t.retryAfter] };
}

async function main() {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Plan;
  const agents = [...plan.agents, ...(plan.rude ?? [])];
  // Each client has a connection of its own, as each agent does.
  const own = agents.map(() => new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 30_000 }));
  const polite = tally();
  const impolite = tally();
  // Each agent's times move forward stepMs (1 ms unless asked) per heartbeat, so nothing is a duplicate.
  const step = plan.stepMs ?? 1;
  const clocks = agents.map((_, index) => plan.startTime + index);
  const began = performance.now();
  const deadline = began + plan.durationSeconds * 1000;

  const body = (agentIndex: number) => {
    const agent = agents[agentIndex]!;
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
    return JSON.stringify({ heartbeats });
  };

  /** One batch until it is stored (or the phase is over): resent after each refusal, politely or not. */
  const deliver = async (agentIndex: number, due: number, into: Tally, honour: boolean) => {
    const agent = agents[agentIndex]!;
    const text = body(agentIndex);
    let backoff = 0;
    for (;;) {
      const response = await request(`${plan.url}/api/v1/agent/heartbeats`, {
        method: 'POST',
        dispatcher: own[agentIndex],
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` },
        body: text,
      });
      const answer = await response.body.text();
      into.statuses.set(response.statusCode, (into.statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode === 202) {
        into.latencies.push(performance.now() - due);
        into.accepted += (JSON.parse(answer) as { accepted: number }).accepted;
        return;
      }
      const retryAfter = response.headers['retry-after'];
      if (retryAfter) into.retryAfter.add(String(retryAfter));
      if (response.statusCode !== 429 && response.statusCode < 500) throw new Error(`${response.statusCode}: ${answer}`);
      if (performance.now() >= deadline) {
        into.unstored += 1;
        return;
      }
      if (!honour) continue;
      // The agent's own rule (agent/delivery.ts).
      const next = retryWait(backoff, retryAfter === undefined ? undefined : Number(retryAfter) * 1000);
      backoff = next.backoffMs;
      await sleep(next.waitMs);
    }
  };

  if (plan.mode === 'closed') {
    const loop = async (agentIndex: number, into: Tally, honour: boolean) => {
      while (performance.now() < deadline) await deliver(agentIndex, performance.now(), into, honour);
    };
    await Promise.all([
      ...plan.agents.map((_, agentIndex) => loop(agentIndex, polite, true)),
      ...(plan.rude ?? []).map((_, r) => loop(plan.agents.length + r, impolite, false)),
    ]);
  } else {
    // Each agent's due batches, and its one sender: sent in order, the next once the one
    // before is stored; what is still waiting when the phase ends was not stored.
    const due: number[][] = plan.agents.map(() => []);
    const wake: ((() => void) | null)[] = plan.agents.map(() => null);
    let scheduling = true;
    const sender = async (agentIndex: number) => {
      for (;;) {
        const next = due[agentIndex]!.shift();
        if (next !== undefined) {
          if (performance.now() >= deadline) polite.unstored += 1;
          else await deliver(agentIndex, next, polite, true);
        } else if (!scheduling) return;
        else await new Promise<void>((resolve) => (wake[agentIndex] = resolve));
      }
    };
    const senders = plan.agents.map((_, agentIndex) => sender(agentIndex));
    const gap = 1000 / plan.rate!;
    for (let k = 0; began + k * gap < deadline; k++) {
      const at = began + k * gap;
      const wait = at - performance.now();
      if (wait > 0) await sleep(wait);
      const agentIndex = k % plan.agents.length;
      due[agentIndex]!.push(at);
      wake[agentIndex]?.();
      wake[agentIndex] = null;
    }
    scheduling = false;
    for (const resolve of wake) resolve?.();
    await Promise.all(senders);
  }
  await Promise.all(own.map((dispatcher) => dispatcher.close()));
  process.stdout.write(`${JSON.stringify({ ...summary(polite), rude: summary(impolite) })}\n`);
}

void main();

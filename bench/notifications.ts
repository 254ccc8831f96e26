// npm run bench:notifications [-- --incidents 10000] [-- --plain]
//
// 10,000 incidents at once: one agent reports every one of its monitors down, so ingest
// opens an incident for each and queues a webhook message for each in the same
// transactions. Every monitor is on an escalation policy (unless --plain) whose first step
// pages a second webhook channel: the leader's escalation round fires 10,000 steps beside.
// The app's workers drain the outbox into a local receiver while a second agent keeps
// posting batches. Prints how long the drain took, whether every message arrived exactly
// once, and the second agent's ingest latency before and during the drain.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchDatabase, log, runBench, startBenchApp, summary } from './harness';

const { values: flags } = parseArgs({ options: { incidents: { type: 'string', default: '10000' }, plain: { type: 'boolean', default: false } } });
const INCIDENTS = Number(flags.incidents);
const ESCALATION = !flags.plain;
/** What the receiver must get: the opening message of each incident, and its first escalation step. */
const EXPECTED = INCIDENTS * (ESCALATION ? 2 : 1);
const BATCH = 500;

async function receiver() {
  const ids = new Map<string, number>();
  const paths = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    ids.set(id, (ids.get(id) ?? 0) + 1);
    paths.set(req.url ?? '', (paths.get(req.url ?? '') ?? 0) + 1);
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { ids, paths, url: `${base}/hook`, pagerUrl: `${base}/pager`, close: () => server.close() };
}

async function main() {
  const database = await benchDatabase();
  const sink = await receiver();
  const app = await startBenchApp(database.url, { env: { WATCHPOST_NOTIFY_PRIVATE_TARGETS: 'true', INGEST_MAX_REQUESTS_PER_MINUTE: '1000000' } });
  const sql = postgres(database.url, { max: 4, onnotice: () => undefined });
  try {
    // Owners, agents and channels through the app's own code, under the app's keys.
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = app.authSecret;
    process.env.WATCHPOST_ENCRYPTION_KEY = app.encryptionKey;
    process.env.WATCHPOST_NOTIFY_PRIVATE_TARGETS = 'true';
    const { createAgent } = await import('../lib/agents/manage');
    const { createChannel } = await import('../lib/notifications/manage');
    const { createPolicy } = await import('../lib/escalation/manage');
    const { closeDatabase } = await import('../db');
    let policyId: string | null = null;
    const owner = async (label: string, withChannel: boolean) => {
      const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`${label}-${Date.now()}@bench.example`}, 'x', 'pro') RETURNING id`;
      const [team] = await sql`SELECT id FROM teams WHERE personal_user_id = ${user!.id}`;
      const ctx = { userId: user!.id as string, teamId: team!.id as string, role: 'owner' as const };
      const agent = await createAgent({ ctx, input: { name: label, kind: 'remote' } });
      if (withChannel) {
        await createChannel({
          ctx,
          input: { name: 'sink', kind: 'webhook', allMonitors: true, monitorIds: [], settings: {}, secrets: { url: sink.url, headers: {} } },
        });
        if (ESCALATION) {
          // A pager used by the policy alone (no events of its own): step 1 pages it, then an hour to acknowledge.
          const pager = await createChannel({
            ctx,
            input: { name: 'pager', kind: 'webhook', allMonitors: true, monitorIds: [], events: [], settings: {}, secrets: { url: sink.pagerUrl, headers: {} } },
          });
          policyId = (await createPolicy({ ctx, input: { name: 'on-call', repeatCount: 0, steps: [{ waitMinutes: 60, channelIds: [pager.id], notifyResponders: false }] } })).id;
        }
      }
      return { userId: user!.id as string, agentId: agent.id, token: agent.token! };
    };
    const alerting = await owner('alerting', true);
    const steady = await owner('steady', false);
    await closeDatabase();
    const monitorsOf = async (agentId: string, count: number) =>
      (await sql`
        INSERT INTO monitors (agent_id, name, type, target, failure_threshold)
        SELECT ${agentId}, 'm' || i, 'tcp', 'h' || i || '.internal:443', 1 FROM generate_series(1, ${count}) i RETURNING id`).map((row) => row.id as string);
    const alertingMonitors = await monitorsOf(alerting.agentId, INCIDENTS);
    if (policyId) await sql`INSERT INTO monitor_escalation_policies (monitor_id, policy_id) SELECT unnest(${alertingMonitors}::uuid[]), ${policyId}`;
    const steadyMonitors = await monitorsOf(steady.agentId, BATCH);

    const post = async (token: string, heartbeats: unknown[]) => {
      const started = performance.now();
      const response = await fetch(`${app.url}/api/v1/agent/heartbeats`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ heartbeats }),
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
      return performance.now() - started;
    };
    let second = 0;
    const steadyBatch = () => {
      second++;
      return steadyMonitors.map((monitorId) => ({ monitorId, time: new Date(Date.now() - 3600_000 + second * 1000).toISOString(), status: 'up', latencyMs: 20 }));
    };
    const steadyLatencies = async (until: () => boolean, max: number) => {
      const latencies: number[] = [];
      while (!until() && latencies.length < max) latencies.push(await post(steady.token, steadyBatch()));
      return latencies;
    };

    const baseline = await steadyLatencies(() => false, 40);
    log(`steady agent alone: ${baseline.length} batches of ${BATCH}`);

    log(`opening ${INCIDENTS} incidents (batches of ${BATCH}, monitors down after one failure)…`);
    const opened = performance.now();
    const openLatencies: number[] = [];
    for (let i = 0; i < alertingMonitors.length; i += BATCH) {
      const now = new Date().toISOString();
      openLatencies.push(await post(alerting.token, alertingMonitors.slice(i, i + BATCH).map((monitorId) => ({ monitorId, time: now, status: 'down', errorMessage: 'connect ECONNREFUSED' }))));
    }
    const openSeconds = (performance.now() - opened) / 1000;
    const [queued] = await sql`SELECT count(*)::int AS n FROM notification_deliveries`;

    const drained = () => sink.ids.size >= EXPECTED;
    const during = await steadyLatencies(drained, 100_000);
    while (!drained()) await new Promise((resolve) => setTimeout(resolve, 100));
    const drainSeconds = (performance.now() - opened) / 1000;
    const duplicates = [...sink.ids.values()].filter((n) => n > 1).length;
    // The receiver has them all; the last batch's bookkeeping commits just after.
    for (let i = 0; i < 100; i++) {
      const [left] = await sql`SELECT count(*)::int AS n FROM notification_deliveries WHERE state <> 'delivered'`;
      if (left!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [states] = await sql`SELECT count(*) FILTER (WHERE state = 'delivered')::int AS delivered, count(*) FILTER (WHERE state <> 'delivered')::int AS other FROM notification_deliveries`;

    const fmt = (values: number[]) => {
      const { median, p95 } = summary(values);
      const p99 = [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * values.length) - 1)]!;
      return `median ${median.toFixed(1)} ms · p95 ${p95.toFixed(1)} ms · p99 ${p99.toFixed(1)} ms (${values.length} batches)`;
    };
    console.log('');
    const [steps] = await sql`
      SELECT count(*)::int AS n, extract(epoch FROM max(e.created_at) - min(e.created_at))::float8 AS spread
      FROM notification_events e WHERE e.kind = 'incident.escalated'`;
    console.log(`${INCIDENTS} incidents at once, one webhook channel${ESCALATION ? ', every monitor on an escalation policy paging a second one' : ''}, a local receiver`);
    console.log(`opening them (ingest, with the outbox rows):  ${openSeconds.toFixed(1)} s · batch ${fmt(openLatencies)}`);
    console.log(`queued deliveries: ${queued!.n}; delivered ${states!.delivered}, not delivered ${states!.other}`);
    if (ESCALATION) console.log(`escalation steps fired: ${steps!.n} (the leader's rounds, over ${Number(steps!.spread ?? 0).toFixed(1)} s); received ${sink.paths.get('/hook') ?? 0} opening messages and ${sink.paths.get('/pager') ?? 0} pages`);
    console.log(`drained ${sink.ids.size} messages, ${duplicates} duplicates, in ${drainSeconds.toFixed(1)} s from the first incident (${(sink.ids.size / drainSeconds).toFixed(0)}/s)`);
    console.log(`steady agent's batches of ${BATCH}, alone:          ${fmt(baseline)}`);
    console.log(`steady agent's batches of ${BATCH}, while draining: ${during.length ? fmt(during) : 'none (drained first)'}`);
  } finally {
    await sql.end();
    await app.stop();
    sink.close();
    await database.stop();
  }
}

runBench(main);

// npm run bench:ingest — heartbeat ingest through the HTTP API against the production
// build, beside raw COPY into the same table in the same run.
//
// Starts PostgreSQL (embedded, or DATABASE_URL), migrates, builds if needed, starts the
// app, creates BENCH_AGENTS agents with BENCH_MONITORS monitors each, and drives
// POST /api/v1/agent/heartbeats from a separate process (bench/load-ingest.ts), batches
// of BENCH_BATCH: first back to back, one connection per agent, for BENCH_SECONDS (the
// maximum); then open loop at half that rate (the latency an agent fleet sees), then at
// twice that rate for half as long (what a client sees when the server is saturated); then
// back to back again with BENCH_RUDE more agents whose clients ignore Retry-After (do their
// refusals stay cheap, and do the others' batches still get in?). Clients wait out a 503 as
// the agent does (Retry-After, backoff, jitter) and send the batch again; a batch's latency
// runs from when it was due to when it was stored. Then COPY into heartbeats itself (its
// foreign key and triggers included) and into a bare table of the same shape and indexes, and
// COPY into heartbeats in the shape ingest writes, a transaction per batch; all in binary, as
// ingest writes (text cost the database about a microsecond a row more).
// BENCH_PROFILE=dir also writes the app's V8 CPU profile there and prints where its time went.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { encryptAgentToken, generateAgentToken, serverKey } from '../lib/crypto/agent-keys';
import { HEARTBEAT_COPY_COLUMNS, HeartbeatCopy } from '../lib/ingest/heartbeat-copy';
import { printProfile } from './profile';
import { benchDatabase, cpuSeconds, log, memoryMegabytes, postgresCpuSeconds, root, runBench, startBenchApp, statementProfile } from './harness';
const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  agents: Number(process.env.BENCH_AGENTS ?? 16),
  batch: Number(process.env.BENCH_BATCH ?? 500),
  // One heartbeat per monitor per batch, as an agent with 500 monitors sends them.
  monitorsPerAgent: Number(process.env.BENCH_MONITORS ?? 500),
  copyRows: Number(process.env.BENCH_COPY_ROWS ?? 500_000),
  poolSize: Number(process.env.BENCH_POOL_SIZE ?? 20),
  // BENCH_LOCATIONS=3: every monitor is also checked by the next two agents, down at 2 of 3
  // (docs/locations.md): each agent's batches then mix its own monitors with its neighbours'.
  locations: Number(process.env.BENCH_LOCATIONS ?? 1),
  // BENCH_STEP_MS: how far each agent's clock moves per heartbeat (1 ms). An agent checks each
  // monitor once an interval: 60 ms × 500 monitors is one result per monitor every 30 s, as
  // the quorum's interval slots expect; 1 ms puts a whole phase's results in one slot.
  stepMs: Number(process.env.BENCH_STEP_MS ?? 1),
  // BENCH_WARMUP_SECONDS: batches back to back before anything is measured, so the phases see
  // ingest as it runs for good: every monitor's first results (unknown → up, and with several
  // locations each location's first verdict, judged under the monitors' locks) are behind it.
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 5),
  rude: Number(process.env.BENCH_RUDE ?? 32),
};

async function seed(sql: postgres.Sql, encryptionKey: string) {
  const key = serverKey(encryptionKey);
  const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`bench-${randomUUID()}@example.com`}, 'x', 'pro') RETURNING id`;
  const agents: { id: string; token: string; monitorIds: string[] }[] = [];
  // The rude clients' agents come last and are only theirs.
  for (let a = 0; a < settings.agents + settings.rude; a++) {
    const id = randomUUID();
    const token = generateAgentToken(id);
    await sql`INSERT INTO agents (id, user_id, name, api_key_encrypted) VALUES (${id}, ${user!.id}, ${`bench agent ${a}`}, ${encryptAgentToken(token, id, key)})`;
    const monitors = await sql`
      INSERT INTO monitors (agent_id, name, type, target)
      SELECT ${id}, 'bench monitor ' || n, 'tcp', 'bench.internal:' || (1000 + n) FROM generate_series(1, ${settings.monitorsPerAgent}) n
      RETURNING id`;
    agents.push({ id, token, monitorIds: monitors.map((m) => m.id as string) });
  }
  const rude = agents.splice(settings.agents);
  if (settings.locations <= 1) return { agents, rude };
  const n = agents.length;
  for (const [a, agent] of agents.entries()) {
    const further = Array.from({ length: settings.locations - 1 }, (_, i) => agents[(a + i + 1) % n]!.id);
    await sql`
      INSERT INTO monitor_locations (monitor_id, agent_id, position)
      SELECT m.id, l.agent_id, l.position FROM unnest(${agent.monitorIds}::uuid[]) AS m(id)
      CROSS JOIN unnest(${further}::uuid[]) WITH ORDINALITY AS l(agent_id, position)`;
  }
  await sql`UPDATE monitors SET quorum_rule = 'k', quorum_k = 2 WHERE agent_id IN ${sql(agents.map((a) => a.id))}`;
  // Agent a reports its own monitor j and those of the agents before it, interleaved.
  return {
    agents: agents.map((agent, a) => ({
      ...agent,
      monitorIds: agent.monitorIds.flatMap((_, j) => Array.from({ length: settings.locations }, (_, i) => agents[(a - i + n) % n]!.monitorIds[j]!)),
    })),
    rude,
  };
}

/**
 * Rows per second of COPY into `table`, in binary as ingest writes (lib/ingest/heartbeat-copy.ts):
 * settings.copyRows rows a millisecond apart from `daysAgo`, in statements (each its own
 * transaction) of `batch` rows, the k-th written by agents[k % agents.length] over its
 * monitors in turn, by `writers` connections at once. The data is made before the clock starts.
 */
async function copyRowsPerSecond(sql: postgres.Sql, agents: { id: string; monitorIds: string[] }[], table: string, daysAgo: number, { batch = settings.copyRows, writers = 1 } = {}): Promise<number> {
  const start = Date.now() - daysAgo * 86_400_000;
  const statements = Array.from({ length: Math.ceil(settings.copyRows / batch) }, (_, k) => {
    const agent = agents[k % agents.length]!;
    const until = Math.min(settings.copyRows, (k + 1) * batch);
    const data = new HeartbeatCopy(until - k * batch);
    for (let i = k * batch; i < until; i++) data.add((start + i) * 1000, agent.monitorIds[i % agent.monitorIds.length]!, agent.id, 'up', 10 + (i % 50), null);
    return data.finish();
  });
  const writeStatement = async (data: Buffer) => {
    const stream = await sql.unsafe(`COPY ${table} (${HEARTBEAT_COPY_COLUMNS}) FROM STDIN (FORMAT binary)`).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(data);
    });
  };
  const began = performance.now();
  // Writer w writes statements w, w + writers, …: with as many writers as agents, each is one
  // agent's, whose statements never overlap (as an agent's batches do not).
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let k = w; k < statements.length; k += writers) await writeStatement(statements[k]!);
  }));
  return settings.copyRows / ((performance.now() - began) / 1000);
}

async function main() {
  const database = await benchDatabase();
  const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
  const app = await startBenchApp(database.url, {
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    env: { DATABASE_POOL_SIZE: String(settings.poolSize), INGEST_MAX_REQUESTS_PER_MINUTE: '1000000' },
  }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const { url, encryptionKey } = app;
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  const planFile = path.join(os.tmpdir(), `watchpost-bench-${process.pid}.json`);
  const lines: string[] = [];
  const [{ server_version: version }] = (await sql`SHOW server_version`) as unknown as [{ server_version: string }];
  try {
    const { agents, rude } = await seed(sql, encryptionKey);
    let clock = Date.now() - 2 * 86_400_000;
    type Tally = { requests: number; batches: number; unstored: number; accepted: number; p50: number; p99: number; max: number; statuses: Record<string, number>; retryAfter: string[] };
    type LoadResult = Tally & { rude: Tally };
    const load = async (mode: 'closed' | 'open', seconds: number, { rate, rudeClients = false }: { rate?: number; rudeClients?: boolean } = {}) => {
      // Each phase's heartbeats are an hour after the last phase's: none is a duplicate.
      clock += 3_600_000;
      writeFileSync(planFile, JSON.stringify({ url, mode, rate, durationSeconds: seconds, batchSize: settings.batch, agents, rude: rudeClients ? rude : [], startTime: clock, stepMs: settings.stepMs }));
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'load-ingest.ts'), planFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      let peakRss = 0;
      let loadCpu = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, Math.round(memoryMegabytes(app.process.pid!).rss));
        loadCpu = Math.max(loadCpu, cpuSeconds(child.pid!));
      }, 250);
      const cpuBefore = { app: cpuSeconds(app.process.pid!), postgres: postgresCpuSeconds() };
      await new Promise((resolve) => child.on('exit', resolve));
      clearInterval(sampler);
      const result = JSON.parse(output.trim().split('\n').at(-1)!) as LoadResult;
      return { ...result, perSecond: result.accepted / seconds, peakRss, cpu: { app: cpuSeconds(app.process.pid!) - cpuBefore.app, postgres: postgresCpuSeconds() - cpuBefore.postgres, load: loadCpu } };
    };
    const latency = (r: Tally) => `p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · max ${r.max.toFixed(1)} ms`;
    const statuses = (r: Tally) => `${JSON.stringify(r.statuses)}${r.retryAfter.length ? `, Retry-After ${r.retryAfter.join('/')} s` : ''}${r.unstored ? `, ${r.unstored} batches not stored by the end` : ''}`;
    const cpu = (r: Awaited<ReturnType<typeof load>>, seconds: number) =>
      `app ${r.cpu.app.toFixed(1)} · PostgreSQL ${r.cpu.postgres.toFixed(1)} · load generator ${r.cpu.load.toFixed(1)} (of ${(seconds * os.cpus().length).toFixed(0)} available)`;
    const perHeartbeat = (r: Awaited<ReturnType<typeof load>>) =>
      `app ${((r.cpu.app / r.accepted) * 1e6).toFixed(1)} µs · PostgreSQL ${((r.cpu.postgres / r.accepted) * 1e6).toFixed(1)} µs (the leader's rollup refresh and summaries included)`;

    if (settings.warmupSeconds > 0) {
      log(`Warm-up: batches back to back for ${settings.warmupSeconds} s (not measured)…`);
      await load('closed', settings.warmupSeconds);
    }
    const statementsSince = await statementProfile(sql);
    log(`Maximum: ${settings.agents} agents × batches of ${settings.batch} back to back for ${settings.seconds} s (${settings.monitorsPerAgent} monitors per agent, ${settings.locations} location(s) each, ${settings.stepMs} ms between an agent's heartbeats, pool ${settings.poolSize})…`);
    const max = await load('closed', settings.seconds);
    const statementLines = await statementsSince(max.accepted, 'heartbeat');
    const maxBatches = max.accepted / settings.batch / settings.seconds;
    log(`Half load: ${(maxBatches / 2).toFixed(1)} batches/s at a fixed rate for ${settings.seconds} s…`);
    const half = await load('open', settings.seconds, { rate: maxBatches / 2 });
    const short = Math.ceil(settings.seconds / 2);
    log(`Overload: ${(maxBatches * 2).toFixed(1)} batches/s at a fixed rate for ${short} s…`);
    const over = await load('open', short, { rate: maxBatches * 2 });
    log(`Rude clients: the ${settings.agents} agents back to back, and ${settings.rude} more whose clients ignore Retry-After, for ${short} s…`);
    const rough = await load('closed', short, { rudeClients: true });

    // COPY on a quiet database: the leader's rollup refresh of the phases' rows done first
    // (or a minute gone), so the denominator is not the COPY's share of a busy server.
    log('Waiting for the rollup refresh of the phases to finish…');
    const quietBy = Date.now() + 60_000;
    const marksLeft = async () => ((await sql`SELECT count(*)::int AS n FROM rollup_pending`)[0]!.n as number) > 0;
    while (Date.now() < quietBy && (await marksLeft())) await new Promise((resolve) => setTimeout(resolve, 500));
    log('COPY into heartbeats, into a bare table of the same shape and indexes, and into heartbeats in batches…');
    const copy = await copyRowsPerSecond(sql, [agents[0]!], 'heartbeats', 20);
    await sql`CREATE TABLE bench_bare_heartbeats (LIKE heartbeats INCLUDING DEFAULTS INCLUDING INDEXES)`;
    const bare = await copyRowsPerSecond(sql, [agents[0]!], 'bench_bare_heartbeats', 20);
    await sql`DROP TABLE bench_bare_heartbeats`;
    // The shape ingest must write in: a statement and a transaction per batch, over every
    // agent's monitors (so each batch locks its monitors and marks its hours once more), one
    // connection per agent (so commits share their WAL flushes, as ingest's do).
    const writersSql = postgres(database.url, { max: settings.agents, onnotice: () => undefined });
    const batched = await copyRowsPerSecond(writersSql, agents, 'heartbeats', 21, { batch: settings.batch, writers: settings.agents }).finally(() => writersSql.end());

    const say = (line: string) => lines.push(line);
    say(`PostgreSQL ${version}; ${settings.agents} agents × ${settings.monitorsPerAgent} monitors, batches of ${settings.batch}; clients honour Retry-After as the agent does`);
    say(`Ingest via HTTP      ${Math.round(max.perSecond).toLocaleString('en')} heartbeats/s (${max.accepted.toLocaleString('en')} stored in ${max.requests} requests; statuses ${statuses(max)})`);
    say(`  latency            ${latency(max)} (closed loop, ${settings.agents} agents back to back)`);
    say(`  CPU seconds        ${cpu(max, settings.seconds)}`);
    say(`  CPU per heartbeat  ${perHeartbeat(max)}`);
    say(`  PostgreSQL's time by statement (pg_stat_statements, the maximum phase; time inside each statement, waits for the app's data and for locks included):`);
    for (const line of statementLines) say(line);
    say(`COPY into heartbeats ${Math.round(copy).toLocaleString('en')} rows/s (binary, its foreign key and triggers included); into a bare table ${Math.round(bare).toLocaleString('en')} rows/s`);
    say(`HTTP ingest / COPY   ${(max.perSecond / copy).toFixed(2)} (target ≥ 0.35); / bare table ${(max.perSecond / bare).toFixed(2)}`);
    say(`COPY in batches      ${Math.round(batched).toLocaleString('en')} rows/s (statements of ${settings.batch} rows, a transaction each, ${settings.agents} connections, each over one agent's monitors: the shape ingest writes in); HTTP ingest / that ${(max.perSecond / batched).toFixed(2)}`);
    say(`Half load            ${(maxBatches / 2).toFixed(1)} batches/s offered, open loop, due → stored: ${latency(half)} (target p99 ≤ 250 ms); statuses ${statuses(half)}`);
    say(`Overload (2×)        ${(maxBatches * 2).toFixed(1)} batches/s offered, open loop: ${latency(over)}; ${Math.round(over.perSecond).toLocaleString('en')} heartbeats/s stored; statuses ${statuses(over)}`);
    say(`Rude clients         the ${settings.agents} polite agents stored ${Math.round(rough.perSecond).toLocaleString('en')} heartbeats/s (${((rough.perSecond / max.perSecond) * 100).toFixed(0)} % of the maximum; statuses ${statuses(rough)})`);
    say(`                     ${settings.rude} rude clients: ${rough.rude.requests.toLocaleString('en')} requests, ${rough.rude.batches} batches stored, statuses ${statuses(rough.rude)}`);
    say(`  CPU seconds        ${cpu(rough, short)}`);
    say(`Server RSS           ${Math.max(max.peakRss, half.peakRss, over.peakRss, rough.peakRss)} MB peak`);
    say(`Machine              ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  } finally {
    rmSync(planFile, { force: true });
    await sql.end();
    await app.stop();
    await database.stop();
  }
  console.log('');
  for (const line of lines) console.log(line);
  if (profileDir) printProfile(profileDir);
}

runBench(main);

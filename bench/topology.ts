// npm run bench:topology — the scale-out topology of docs/scaling.md, all of it real and on
// this machine: nginx in front of three app instances (round robin), PgBouncer in
// transaction mode with a pool of 10 server connections, Debian's PostgreSQL 15 as the
// primary, and a streaming standby (pg_basebackup -R) as DATABASE_READ_URL.
//
// Under load (agents posting heartbeats back to back, as the agent does: the same batch again
// until it is answered 202, after Retry-After when told; people loading the dashboard), it
// kills the instance running the background work with SIGKILL, then the next one with
// SIGTERM, and checks what operators care about:
// - every heartbeat answered 202 is stored;
// - the background work moves to a live instance (and how long that took);
// - no notification is sent twice (a webhook receiver counts each event id);
// - no session state leaks through PgBouncer (no advisory lock but the leader's, no session
//   left idle in a transaction);
// and prints the capacity: heartbeats per second, per app core and per database core.
//
// BENCH_AGENTS (8), BENCH_MONITORS per agent (50: one heartbeat each per batch), BENCH_SECONDS (45),
// BENCH_INSTANCES (3), BENCH_KILL (1; 0: no instance is stopped, every answer must be a success).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../db/embedded';
import { withMigrationConnection } from '../db/migration-connection';
import { migrateUp } from '../db/migrator';
import { encryptAgentToken, generateAgentToken, serverKey } from '../lib/crypto/agent-keys';
import { startPgBouncer } from '../tests/helpers/pgbouncer';
import { startReceiver } from '../tests/helpers/receiver';
import { startPrimaryWithStandby } from '../tests/helpers/standby';
import { tempDataDir } from '../tests/helpers/temp-dir';
import { cpuSeconds, log, postgresCpuSeconds, runBench, sessionCookie, startBenchApp, summary, type BenchApp } from './harness';

const settings = {
  agents: Number(process.env.BENCH_AGENTS ?? 8),
  monitors: Number(process.env.BENCH_MONITORS ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 45),
  instances: Number(process.env.BENCH_INSTANCES ?? 3),
  kill: process.env.BENCH_KILL !== '0',
};
const METRICS_TOKEN = randomBytes(24).toString('hex');

function startNginx(upstreams: string[], port: number): { url: string; process: ChildProcess; stop(): void } {
  const folder = tempDataDir('nginx');
  for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(folder.dir, dir));
  const conf = path.join(folder.dir, 'nginx.conf');
  const proxy = `proxy_pass http://watchpost; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $remote_addr;`;
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${folder.dir}/nginx.pid;
error_log ${folder.dir}/error.log warn;
daemon off;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${folder.dir}/body; proxy_temp_path ${folder.dir}/proxy; fastcgi_temp_path ${folder.dir}/fastcgi;
  uwsgi_temp_path ${folder.dir}/uwsgi; scgi_temp_path ${folder.dir}/scgi;
  upstream watchpost {
    ${upstreams.map((upstream) => `server ${upstream} max_fails=1 fail_timeout=5s;`).join('\n    ')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 6m;
    # A batch of heartbeats may be sent to the next instance when one fails or is draining:
    # ingest stores each (monitor, time) once, so a batch seen twice is stored once.
    location = /api/v1/agent/heartbeats { ${proxy} proxy_next_upstream error timeout http_502 http_503 non_idempotent; }
    location / { ${proxy} proxy_next_upstream error timeout http_502 http_503; }
  }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', folder.dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop() {
      child.kill('SIGQUIT');
      folder.remove();
    },
  };
}

async function leaderOf(apps: (BenchApp | null)[]): Promise<number | null> {
  for (const [index, app] of apps.entries()) {
    if (!app || app.process.exitCode !== null || app.process.signalCode) continue;
    const text = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text()).catch(() => '');
    if (/^watchpost_background_leader 1$/m.test(text)) return index;
  }
  return null;
}

async function main() {
  const cluster = await startPrimaryWithStandby('watchpost');
  const receiver = await startReceiver();
  const stops: (() => unknown)[] = [() => cluster.stop(), () => receiver.stop()];
  try {
    const admin = postgres(cluster.primaryUrl, { max: 1, onnotice: () => undefined });
    await admin`ALTER ROLE postgres PASSWORD 'bench'`;
    await admin.end();
    const withPassword = (url: string) => url.replace('postgres@', 'postgres:bench@');
    const primaryUrl = withPassword(cluster.primaryUrl);
    await withMigrationConnection(primaryUrl, (conn) => migrateUp(conn));
    const bouncer = await startPgBouncer(primaryUrl, { poolSize: 10 });
    stops.push(() => bouncer.stop());

    const authSecret = randomBytes(32).toString('base64');
    const encryptionKey = randomBytes(32).toString('base64');
    const sql = postgres(primaryUrl, { max: 2, onnotice: () => undefined });
    stops.push(() => sql.end());
    const key = serverKey(encryptionKey);
    const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`bench-${randomUUID().slice(0, 8)}@example.com`}, 'x', 'pro') RETURNING id`;
    const [team] = await sql`SELECT id FROM teams WHERE personal_user_id = ${user!.id}`;
    const agents: { token: string; monitorIds: string[] }[] = [];
    for (let a = 0; a < settings.agents; a++) {
      const id = randomUUID();
      const token = generateAgentToken(id);
      await sql`INSERT INTO agents (id, user_id, name, api_key_encrypted) VALUES (${id}, ${user!.id}, ${`probe ${a + 1}`}, ${encryptAgentToken(token, id, key)})`;
      const monitors = await sql`INSERT INTO monitors (agent_id, name, type, target) SELECT ${id}, 'service ' || ${a} || '-' || n, 'tcp', 'svc.internal:' || (1000 + n) FROM generate_series(1, ${settings.monitors}) n RETURNING id`;
      agents.push({ token, monitorIds: monitors.map((m) => m.id as string) });
    }
    // A webhook for every incident, to count what is sent.
    process.env.DATABASE_URL = primaryUrl;
    process.env.AUTH_SECRET = authSecret;
    process.env.WATCHPOST_ENCRYPTION_KEY = encryptionKey;
    process.env.WATCHPOST_NOTIFY_PRIVATE_TARGETS = 'true';
    const { parseKindFields } = await import('../lib/notifications/kinds');
    const { createChannel } = await import('../lib/notifications/manage');
    const fields = parseKindFields('webhook', { url: `${receiver.url}/hook` }, false);
    if ('problems' in fields) throw new Error(JSON.stringify(fields.problems));
    await createChannel({ ctx: { userId: user!.id as string, teamId: team!.id as string, role: 'owner' }, input: { name: 'count', kind: 'webhook', allMonitors: true, monitorIds: [], ...fields } });
    const { closeDatabase } = await import('../db');
    await closeDatabase();

    const env = {
      DATABASE_URL: bouncer.url,
      DATABASE_POOLER: 'transaction',
      DATABASE_DIRECT_URL: primaryUrl,
      DATABASE_READ_URL: withPassword(cluster.standbyUrl),
      DATABASE_POOL_SIZE: '10',
      AUTH_SECRET: authSecret,
      WATCHPOST_ENCRYPTION_KEY: encryptionKey,
      WATCHPOST_METRICS_TOKEN: METRICS_TOKEN,
      WATCHPOST_NOTIFY_PRIVATE_TARGETS: 'true',
      WATCHPOST_TRUST_PROXY: 'true',
    };
    const apps: (BenchApp | null)[] = [];
    for (let i = 0; i < settings.instances; i++) {
      const app = await startBenchApp(bouncer.url, { env });
      apps.push(app);
      stops.push(() => app.stop());
    }
    const nginx = startNginx(apps.map((app) => app!.url.replace('http://', '')), await freePort());
    stops.push(() => nginx.stop());
    for (let i = 0; i < 100 && !(await fetch(`${nginx.url}/api/health`).then((r) => r.ok).catch(() => false)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    log(`nginx ${nginx.url} → ${apps.map((app) => app!.url).join(', ')}; PgBouncer (pool 10) → PostgreSQL 15, standby for reads`);

    const cookie = await sessionCookie(sql, user!.id as string, authSecret);

    const started = Date.now();
    const deadline = started + settings.seconds * 1000;
    const appCpu = () => apps.reduce((sum, app) => sum + (app ? cpuSeconds(app.process.pid!) : 0), 0);
    const cpuAtStart = { app: appCpu(), db: postgresCpuSeconds() };
    const acknowledged: { monitorId: string; time: string }[] = [];
    const answers = new Map<string, number>();
    const count = (what: string) => answers.set(what, (answers.get(what) ?? 0) + 1);
    let clock = Date.now() - 10 * 60_000;

    const agentLoop = async (agent: { token: string; monitorIds: string[] }) => {
      while (Date.now() < deadline) {
        // A few monitors fail for 6 s in every 12 s: incidents open and resolve, and are notified.
        const failing = Math.floor((Date.now() - started) / 6000) % 2 === 1;
        const heartbeats = agent.monitorIds.map((monitorId, i) => ({ monitorId, time: new Date(clock++).toISOString(), status: failing && i < 2 ? 'down' : 'up', latencyMs: 20 + i }));
        for (;;) {
          const response = await fetch(`${nginx.url}/api/v1/agent/heartbeats`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ heartbeats }) }).catch(() => null);
          count(response ? `ingest ${response.status}` : 'ingest network error');
          if (response?.status === 202) {
            for (const heartbeat of heartbeats) acknowledged.push({ monitorId: heartbeat.monitorId, time: heartbeat.time });
            break;
          }
          const wait = Number(response?.headers.get('retry-after') ?? 1);
          await response?.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 5) * 1000));
        }
      }
    };
    const pageTimes: number[] = [];
    const pageLoop = async () => {
      while (Date.now() < deadline) {
        const begun = performance.now();
        // Not following redirects: a way to sign-in is not the dashboard.
        const response = await fetch(`${nginx.url}/dashboard`, { headers: { cookie }, redirect: 'manual' }).catch(() => null);
        // A page the killed instance was streaming is cut off: nginx cannot hand over a response under way.
        const whole = response ? await response.text().then(() => true, () => false) : false;
        count(!response ? 'page network error' : whole ? `page ${response.status}` : 'page cut off');
        if (whole && response?.status === 200) pageTimes.push(performance.now() - begun);
      }
    };
    const events: string[] = [];
    const killer = async () => {
      if (!settings.kill) return;
      for (const [at, signal] of [[0.3, 'SIGKILL'], [0.6, 'SIGTERM']] as const) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + at * settings.seconds * 1000 - Date.now())));
        const leader = await leaderOf(apps);
        if (leader === null) {
          events.push(`${signal}: no instance said it was the leader`);
          continue;
        }
        const killedAt = Date.now();
        apps[leader]!.process.kill(signal);
        const victim = apps[leader]!;
        apps[leader] = null;
        let next: number | null = null;
        while (next === null && Date.now() - killedAt < 30_000) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          next = await leaderOf(apps);
        }
        events.push(`${signal} to instance ${leader + 1} (the leader) at ${((killedAt - started) / 1000).toFixed(1)} s: ${next === null ? 'NO new leader within 30 s' : `instance ${next + 1} took over the background work ${((Date.now() - killedAt) / 1000).toFixed(1)} s later`}`);
        if (signal === 'SIGTERM' && victim.process.exitCode === null && victim.process.signalCode === null) await new Promise((resolve) => victim.process.once('exit', resolve));
      }
    };
    await Promise.all([...agents.map(agentLoop), pageLoop(), pageLoop(), killer()]);
    const seconds = (Date.now() - started) / 1000;
    const cpu = { app: appCpu() - cpuAtStart.app, db: postgresCpuSeconds() - cpuAtStart.db };

    // Notifications still queued go out from the surviving instance.
    for (let i = 0; i < 120; i++) {
      const [{ queued }] = (await sql`SELECT count(*)::int AS queued FROM notification_deliveries WHERE state = 'queued'`) as unknown as [{ queued: number }];
      if (queued === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const [{ missing }] = (await sql`
      SELECT count(*)::int AS missing FROM jsonb_to_recordset(${sql.json(acknowledged)}::jsonb) AS a("monitorId" uuid, time timestamptz)
      WHERE NOT EXISTS (SELECT 1 FROM heartbeats h WHERE h.monitor_id = a."monitorId" AND h.time = a.time)`) as unknown as [{ missing: number }];
    const perEvent = new Map<string, number>();
    for (const request of receiver.received) {
      const id = String(request.headers['webhook-id'] ?? '');
      perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
    }
    const twice = [...perEvent.values()].filter((n) => n > 1).length;
    const [state] = await sql`
      SELECT (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory') AS advisory_locks,
             (SELECT count(*)::int FROM pg_stat_activity WHERE state LIKE 'idle in transaction%') AS idle_in_transaction,
             (SELECT count(*)::int FROM incidents) AS incidents`;

    const pages = summary(pageTimes);
    console.log('');
    console.log(`nginx → ${settings.instances} instances → PgBouncer (transaction, pool 10) → PostgreSQL 15 (+ standby for reads); ${settings.agents} agents × ${settings.monitors} monitors, ${seconds.toFixed(0)} s`);
    for (const event of events) console.log(`  ${event}`);
    console.log(`Heartbeats answered 202: ${acknowledged.length.toLocaleString('en')} (${Math.round(acknowledged.length / seconds).toLocaleString('en')}/s); of them not stored: ${missing}`);
    console.log(`Answers: ${[...answers.entries()].sort().map(([what, n]) => `${what} × ${n}`).join(', ')}`);
    console.log(`Dashboard through nginx: ${pageTimes.length} loads, median ${pages.median.toFixed(0)} ms, p95 ${pages.p95.toFixed(0)} ms`);
    console.log(`Notifications: ${receiver.received.length} webhook calls for ${perEvent.size} events (${state!.incidents} incidents); events sent more than once: ${twice}`);
    console.log(`Session state after the load: advisory locks held ${state!.advisory_locks} (the leader's lock is 1), sessions idle in a transaction ${state!.idle_in_transaction}`);
    console.log(`CPU: app ${cpu.app.toFixed(1)} s, PostgreSQL ${cpu.db.toFixed(1)} s over ${seconds.toFixed(0)} s → ${Math.round(acknowledged.length / cpu.app).toLocaleString('en')} heartbeats per app core-second, ${Math.round(acknowledged.length / cpu.db).toLocaleString('en')} per database core-second`);
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  }
}

runBench(main);

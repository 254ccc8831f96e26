// npm run bench:dashboard — how fast the pages people look at every day answer with a
// realistic history behind them.
//
// Loads --monitors monitors (default 1,000) × --days days (default 30) of heartbeats every
// 60 s straight into the database (~43M rows at the defaults: outages that open incidents,
// slow hours, a long latency tail), while the app runs; waits for the rollups to catch up
// (and prints how long that took); then requests /dashboard (first page, a search, sorted by
// uptime), /monitors/[id] for every range and /incidents over HTTP with a signed-in
// session, --runs times each (default 20), and prints the median and p95 server time of each,
// followed by the same for every query behind those pages, called directly.
//
// Runs with `--conditions react-server` (see package.json) so the app's own query modules
// load here as they do in the server.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { benchDatabase, log, row, runBench, startBenchApp, timed } from './harness';

const { values: flags } = parseArgs({
  options: {
    monitors: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '20' },
    serve: { type: 'boolean', default: false },
  },
});
const settings = { monitors: Number(flags.monitors), days: Number(flags.days), runs: Number(flags.runs) };
const DAY_MS = 86_400_000;

async function seedOwner(sql: postgres.Sql) {
  const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`bench-${randomUUID().slice(0, 8)}@example.com`}, 'x', 'pro') RETURNING id, email`;
  const agentIds: string[] = [];
  for (let a = 0; a < 10; a++) {
    const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted, last_seen_at, status) VALUES (${user!.id}, ${`probe-${a + 1}`}, '\\x00', now(), 'online') RETURNING id`;
    agentIds.push(agent!.id);
  }
  const started = Date.now() - settings.days * DAY_MS;
  await sql`
    INSERT INTO monitors (agent_id, name, type, target, interval_seconds, created_at, status, last_heartbeat_at)
    SELECT (${sql.json(agentIds)}::jsonb ->> (k % 10))::uuid,
           (ARRAY['api','web','db','cache','queue','auth','search','cdn'])[1 + k % 8] || '-' || lpad(k::text, 4, '0'),
           (ARRAY['http','tcp','ping','dns'])[1 + k % 4],
           'https://service-' || k || '.example.com/health', 60, ${new Date(started).toISOString()}::timestamptz, 'up', now()
    FROM generate_series(0, ${settings.monitors - 1}) AS k`;
  return { userId: user!.id as string, email: user!.email as string };
}

/**
 * One day of checks for every monitor in one statement. Monitor k checks every 60 s at
 * second k % 60; it is down for 15 minutes every 10,007 minutes (phase by k), times out at
 * random 1 in 2,000, is 3 × slower in its two busy hours a day, and has a long tail.
 */
async function loadDay(sql: postgres.Sql, userId: string, dayStart: number, dayEnd: number) {
  await sql`
    WITH m AS (
      SELECT m.id, m.agent_id, (row_number() OVER (ORDER BY m.name) - 1)::int AS k
      FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${userId}
    )
    INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms, error_message)
    SELECT t, m.id, m.agent_id,
           CASE WHEN x.outage THEN 'down' WHEN x.r < 0.0005 THEN 'timeout' ELSE 'up' END,
           CASE WHEN x.outage OR x.r < 0.0005 THEN NULL
                ELSE (((20 + (m.k * 37) % 380) * CASE WHEN (extract(hour FROM t)::int + m.k) % 24 IN (9, 10) THEN 3 ELSE 1 END) * (1 + power(random(), 6) * 8))::int END,
           CASE WHEN x.outage THEN 'connect ECONNREFUSED' WHEN x.r < 0.0005 THEN 'no response within 10 s' END
    FROM m
    CROSS JOIN LATERAL generate_series(${new Date(dayStart).toISOString()}::timestamptz + make_interval(secs => m.k % 60),
                                       ${new Date(dayEnd - 1).toISOString()}::timestamptz, INTERVAL '60 seconds') AS t
    CROSS JOIN LATERAL (SELECT ((extract(epoch FROM t)::bigint / 60) + m.k * 7919) % 10007 < 15 AS outage, random() AS r) x`;
}

/** The incidents those outages are: resolved after 15 minutes, or open if still going on. */
async function loadIncidents(sql: postgres.Sql, userId: string, from: number, to: number) {
  await sql`
    WITH m AS (
      SELECT m.id, (row_number() OVER (ORDER BY m.name) - 1)::int AS k
      FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${userId}
    ), starts AS (
      SELECT m.id, m.k, u FROM m
      CROSS JOIN LATERAL generate_series(
        ${Math.floor(from / 60_000)}::bigint + (((- ${Math.floor(from / 60_000)}::bigint - m.k * 7919) % 10007) + 10007) % 10007,
        ${Math.floor(to / 60_000)}::bigint, 10007) AS u
    )
    INSERT INTO incidents (monitor_id, started_at, resolved_at, ttr_seconds, status, created_at)
    SELECT id, to_timestamp(u * 60 + k % 60), CASE WHEN (u + 15) * 60 + k % 60 < ${Math.floor(to / 1000)} THEN to_timestamp((u + 15) * 60 + k % 60) END,
           CASE WHEN (u + 15) * 60 + k % 60 < ${Math.floor(to / 1000)} THEN 900 END,
           CASE WHEN (u + 15) * 60 + k % 60 < ${Math.floor(to / 1000)} THEN 'resolved' ELSE 'open' END, to_timestamp(u * 60 + k % 60 + 60)
    FROM starts`;
  await sql`UPDATE monitors m SET status = 'down' FROM incidents i WHERE i.monitor_id = m.id AND i.resolved_at IS NULL`;
}

async function main() {
  const database = await benchDatabase();
  const app = await startBenchApp(database.url).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  try {
    const owner = await seedOwner(sql);
    const end = Date.now();
    const start = end - settings.days * DAY_MS;
    log(`loading ${settings.monitors} monitors × ${settings.days} days of 60-second heartbeats…`);
    const loadStarted = performance.now();
    for (let day = start; day < end; day += DAY_MS) {
      await loadDay(sql, owner.userId, day, Math.min(day + DAY_MS, end));
      process.stdout.write('.');
    }
    await loadIncidents(sql, owner.userId, start, end);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const [{ rows }] = (await sql`SELECT count(*)::bigint AS rows FROM heartbeats`) as unknown as [{ rows: string }];
    console.log('');
    log(`loaded ${Number(rows).toLocaleString('en')} heartbeats in ${loadSeconds.toFixed(0)} s; waiting for the rollups to catch up…`);
    const catchUpStarted = performance.now();
    for (;;) {
      const [pending] = await sql`SELECT EXISTS (SELECT 1 FROM rollup_pending) AS more`;
      if (!pending!.more) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
    log(`rollups caught up ${catchUpSeconds.toFixed(0)} s after the load ended`);
    await sql`VACUUM ANALYZE`;

    // A signed-in session, as the app's own sign-in would issue it.
    const cookieName = 'authjs.session-token';
    const token = await encode({
      token: { sub: owner.userId, sv: 0, authTime: Math.floor(Date.now() / 1000), sid: randomUUID() },
      secret: app.authSecret,
      salt: cookieName,
      maxAge: 3600 * 24,
    });
    const cookie = `${cookieName}=${token}; wp_tz=Europe/Berlin`;
    const [sample] = await sql`SELECT m.id, m.name FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${owner.userId} ORDER BY m.name OFFSET 7 LIMIT 1`;

    // Keep the bench agents online, as agents polling for their configuration would.
    const keepOnline = setInterval(() => void sql`UPDATE agents SET last_seen_at = now() WHERE user_id = ${owner.userId}`.catch(() => undefined), 10_000);
    keepOnline.unref();
    if (flags.serve) {
      log(`serving ${app.url} — cookie: ${cookie}`);
      log(`a monitor: ${app.url}/monitors/${sample!.id}; Ctrl-C to stop`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
      return;
    }

    const page = async (path: string) => {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return body;
    };
    console.log('');
    console.log(`${settings.monitors} monitors × ${settings.days} days (${Number(rows).toLocaleString('en')} heartbeats); ${settings.runs} runs each, over HTTP, signed in`);
    row('GET /dashboard', await timed(() => page('/dashboard'), settings.runs), 300);
    row('GET /dashboard?q=cache', await timed(() => page('/dashboard?q=cache'), settings.runs), 300);
    row('GET /dashboard?sort=uptime', await timed(() => page('/dashboard?sort=uptime'), settings.runs), 300);
    for (const range of ['1h', '24h', '7d', '30d', '90d']) {
      row(`GET /monitors/[id]?range=${range}`, await timed(() => page(`/monitors/${sample!.id}?range=${range}`), settings.runs), 200);
    }
    row('GET /incidents', await timed(() => page('/incidents'), settings.runs));

    // The queries behind those pages, called directly (no rendering, no HTTP).
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = app.authSecret;
    process.env.WATCHPOST_ENCRYPTION_KEY = app.encryptionKey;
    const dashboard = { ...(await import('../db/queries/dashboard')), ...(await import('../lib/dashboard/monitors')) };
    const timeseries = { ...(await import('../db/queries/timeseries')), ...(await import('../lib/rollups/reads')) };
    const incidents = await import('../db/queries/incidents');
    const usage = await import('../lib/plans/overview');
    const now = () => new Date();
    const window = (days: number) => ({ from: new Date(Date.now() - days * DAY_MS), to: new Date() });
    const [team] = await sql`SELECT id FROM teams WHERE personal_user_id = ${owner.userId}`;
    const teamId = team!.id as string;
    const monitorId = sample!.id as string;
    const firstPage = await dashboard.dashboardMonitors(teamId, 30, {});
    const pageIds = firstPage.monitors.map((m) => m.id);
    console.log('');
    console.log('Queries');
    const queries: [string, () => Promise<unknown>][] = [
      ['usageOverview (every signed-in page: plan usage and notices)', () => usage.usageOverview(owner.userId)],
      ['statusCounts', () => dashboard.statusCounts(teamId, 30)],
      ['dashboardMonitors (page 1, 24 h + 30 d uptime)', () => dashboard.dashboardMonitors(teamId, 30, {})],
      ['dashboardMonitors (q=cache)', () => dashboard.dashboardMonitors(teamId, 30, { q: 'cache' })],
      ['dashboardMonitors (sort=uptime, all monitors)', () => dashboard.dashboardMonitors(teamId, 30, { sort: 'uptime' })],
      ['latencySparklines (50 monitors)', () => timeseries.latencySparklines(teamId, pageIds)],
      ['openIncidents', () => incidents.openIncidents(teamId)],
      ['monitorOverview', () => dashboard.monitorOverview(teamId, monitorId, 30)],
      ...[1, 7, 30, 90].map((days): [string, () => Promise<unknown>] => [`windowStats ${days} d (1 monitor)`, () => timeseries.windowStats(teamId, [monitorId], window(days), now())]),
      ...[1 / 24, 1, 7, 30, 90].map((days): [string, () => Promise<unknown>] => [`monitorSeries ${days < 1 ? '1 h' : `${days} d`}`, () => timeseries.monitorSeries(teamId, monitorId, window(days), now())]),
      ['dailyBars 90 d', () => timeseries.dailyBars(teamId, monitorId, 'Europe/Berlin', 90)],
      ['heartbeatPage', () => timeseries.heartbeatPage(teamId, monitorId)],
      ['monitorIncidents', () => incidents.monitorIncidents(teamId, monitorId, new Date(Date.now() - 90 * DAY_MS), 1000)],
      ['listIncidents', () => incidents.listIncidents(teamId)],
      ['responseTimes', () => incidents.responseTimes(teamId)],
    ];
    for (const [name, run] of queries) row(name, await timed(run, settings.runs));
    console.log('');
    console.log(`Load ${loadSeconds.toFixed(0)} s · rollup catch-up after the load ${catchUpSeconds.toFixed(0)} s`);
    const { closeDatabase } = await import('../db');
    await closeDatabase();
  } finally {
    await sql.end();
    await app.stop();
    await database.stop();
  }
}

runBench(main);

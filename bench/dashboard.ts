// npm run bench:dashboard — how fast the pages people look at every day answer with a
// realistic history behind them.
//
// Loads --monitors monitors (default 1,000) × --days days (default 30) of heartbeats every
// 60 s straight into the database (~43M rows at the defaults: outages that open incidents,
// slow hours, a long latency tail), while the app runs; waits for the rollups to catch up
// (and prints how long that took) and for the leader's first pass of the per-monitor 24 h
// summaries the dashboard sorts with; then requests /dashboard in every sort (status, name,
// uptime, latency), each with and without a search, /monitors/[id] for every range and
// /incidents over HTTP with a signed-in session, --runs times each (default 20), and prints
// the median and p95 server time of each, followed by the same for every query behind those
// pages, called directly: among them the sorts by numbers as they were before the summaries
// (counting every monitor's 24 h per request), and what one pass of the summaries costs.
// --serve keeps the app running afterwards (its URL and a session cookie are printed) so the
// pages can be looked at; Ctrl-C stops it.
//
// Runs with `--conditions react-server` (see package.json) so the app's own query modules
// load here as they do in the server.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchDatabase, log, row, runBench, sessionCookie, startBenchApp, timed } from './harness';
import { DAY_MS, loadDay, loadIncidents, pageQueries, seedOwner } from './history';

const { values: flags } = parseArgs({
  options: {
    monitors: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '20' },
    serve: { type: 'boolean', default: false },
  },
});
const settings = { monitors: Number(flags.monitors), days: Number(flags.days), runs: Number(flags.runs) };

async function main() {
  const database = await benchDatabase();
  const app = await startBenchApp(database.url).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  try {
    const end = Date.now();
    const start = end - settings.days * DAY_MS;
    const owner = await seedOwner(sql, { monitors: settings.monitors, since: start });
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
    log(`rollups caught up ${catchUpSeconds.toFixed(0)} s after the load ended; waiting for the leader's summaries…`);
    const caughtUp = new Date();
    for (;;) {
      const [fresh] = await sql`SELECT count(*) FILTER (WHERE s.as_of >= ${caughtUp})::int AS n FROM monitors m LEFT JOIN monitor_day_summaries s ON s.monitor_id = m.id`;
      if (fresh!.n >= settings.monitors) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const summariesSeconds = (performance.now() - catchUpStarted) / 1000 - catchUpSeconds;
    log(`summaries of every monitor ${summariesSeconds.toFixed(0)} s after that`);
    await sql`VACUUM ANALYZE`;

    const cookie = `${await sessionCookie(sql, owner.userId, app.authSecret)}; wp_tz=Europe/Berlin`;
    // The eighth monitor by name (the last, with fewer).
    const sample = (await sql`SELECT m.id, m.name FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${owner.userId} ORDER BY m.name LIMIT 8`).at(-1);

    // Keep the bench agents online, as agents polling for their configuration would.
    const keepOnline = setInterval(() => void sql`UPDATE agents SET last_seen_at = now() WHERE user_id = ${owner.userId}`.catch(() => undefined), 10_000);
    keepOnline.unref();

    const page = async (path: string) => {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return body;
    };
    console.log('');
    console.log(`${settings.monitors} monitors × ${settings.days} days (${Number(rows).toLocaleString('en')} heartbeats); ${settings.runs} runs each, over HTTP, signed in`);
    for (const sort of ['status', 'name', 'uptime', 'latency']) {
      for (const q of ['', 'cache']) {
        const path = `/dashboard${sort === 'status' && !q ? '' : `?${new URLSearchParams({ ...(sort === 'status' ? {} : { sort }), ...(q ? { q } : {}) })}`}`;
        row(`GET ${path}`, await timed(() => page(path), settings.runs), 150);
      }
    }
    for (const range of ['1h', '24h', '7d', '30d', '90d']) {
      row(`GET /monitors/[id]?range=${range}`, await timed(() => page(`/monitors/${sample!.id}?range=${range}`), settings.runs), 150);
    }
    row('GET /incidents', await timed(() => page('/incidents'), settings.runs));

    // The queries behind those pages, called directly (no rendering, no HTTP).
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = app.authSecret;
    process.env.WATCHPOST_ENCRYPTION_KEY = app.encryptionKey;
    const [team] = await sql`SELECT id FROM teams WHERE personal_user_id = ${owner.userId}`;
    console.log('');
    console.log('Queries');
    const queries = await pageQueries(owner.userId, team!.id as string, sample!.id as string);
    for (const [name, run] of queries) row(name, await timed(run, settings.runs));
    // As before the summaries: a `now` over a minute past them makes them stale, and the
    // dashboard counts every matching monitor's 24 h itself.
    const { dashboardMonitors } = await import('../lib/dashboard/monitors');
    for (const sort of ['uptime', 'latency'] as const) {
      row(`dashboardMonitors (sort=${sort}, counted per request: before)`, await timed(() => dashboardMonitors(team!.id as string, 30, { sort }, new Date(Date.now() + 120_000)), settings.runs));
    }
    const { refreshMonitorSummaries } = await import('../lib/rollups/summaries');
    row(`refreshMonitorSummaries (${settings.monitors} monitors, the leader every 30 s)`, await timed(() => refreshMonitorSummaries(), 3));
    console.log('');
    console.log(`Load ${loadSeconds.toFixed(0)} s · rollup catch-up after the load ${catchUpSeconds.toFixed(0)} s · summaries ${summariesSeconds.toFixed(0)} s after that`);
    if (flags.serve) {
      log(`serving ${app.url} — cookie: ${cookie}`);
      log(`a monitor: ${app.url}/monitors/${sample!.id}; Ctrl-C to stop`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
    const { closeDatabase } = await import('../db');
    await closeDatabase();
  } finally {
    await sql.end();
    await app.stop();
    await database.stop();
  }
}

runBench(main);

// npm run bench:status-page — how fast a public status page answers with 50 components
// (2 monitors each, 90 days of hourly rollups, incidents, posts and a weekly maintenance
// window behind it).
//
// Seeds the data straight into the database while the production app runs, then requests
// /s/<address> over HTTP (signed out, as the public does): the first request (cold: nothing
// built yet), then --runs times warm; the same for a badge and the RSS feed; and the build
// of the page's public view called directly, without the cache, for what a miss costs.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchDatabase, log, row, runBench, startBenchApp, timed } from './harness';

const { values: flags } = parseArgs({ options: { components: { type: 'string', default: '50' }, runs: { type: 'string', default: '50' } } });
const components = Number(flags.components);
const runs = Number(flags.runs);

async function seed(sql: postgres.Sql) {
  const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`bench-${randomUUID().slice(0, 8)}@example.com`}, 'x', 'pro') RETURNING id`;
  const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted, last_seen_at, status) VALUES (${user!.id}, 'probe', '\\x00', now(), 'online') RETURNING id`;
  const slug = `bench-${randomUUID().slice(0, 8)}`;
  const [page] = await sql`INSERT INTO status_pages (user_id, slug, title, description, time_zone) VALUES (${user!.id}, ${slug}, 'Bench status', 'Fifty components.', 'Europe/Berlin') RETURNING id`;
  await sql`
    INSERT INTO monitors (agent_id, name, type, target, interval_seconds, status, last_heartbeat_at)
    SELECT ${agent!.id}, 'm-' || k, 'http', 'https://service-' || k || '.example.com', 60, CASE WHEN k % 17 = 0 THEN 'down' ELSE 'up' END, now()
    FROM generate_series(0, ${components * 2 - 1}) AS k`;
  await sql`
    INSERT INTO status_page_components (page_id, name, description, group_name, position)
    SELECT ${page!.id}, 'Component ' || k, 'What it does', 'Group ' || (k / 10), k FROM generate_series(0, ${components - 1}) AS k`;
  await sql`
    INSERT INTO status_page_component_monitors (component_id, monitor_id)
    SELECT c.id, m.id FROM
      (SELECT id, row_number() OVER (ORDER BY position) - 1 AS k FROM status_page_components WHERE page_id = ${page!.id}) c
      JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS k FROM monitors WHERE agent_id = ${agent!.id}) m ON m.k / 2 = c.k`;
  // 90 days of hours: 60 checks an hour, a failure now and then.
  await sql`
    INSERT INTO monitor_rollups_hourly (monitor_id, bucket, up_count, down_count, latency_count, latency_sum, counted_until)
    SELECT m.id, h, 60 - (CASE WHEN (extract(epoch FROM h)::bigint / 3600 + m.n) % 97 = 0 THEN 3 ELSE 0 END),
           CASE WHEN (extract(epoch FROM h)::bigint / 3600 + m.n) % 97 = 0 THEN 3 ELSE 0 END, 60, 60 * 120, h + interval '1 hour'
    FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM monitors WHERE agent_id = ${agent!.id}) m,
         generate_series(date_trunc('hour', now()) - interval '90 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') AS h`;
  await sql`
    INSERT INTO incidents (monitor_id, status, started_at, resolved_at)
    SELECT m.id, 'resolved', now() - (d || ' days')::interval, now() - (d || ' days')::interval + interval '25 minutes'
    FROM monitors m, generate_series(1, 89, 11) AS d WHERE m.agent_id = ${agent!.id}`;
  for (let p = 0; p < 20; p++) {
    const [post] = await sql`INSERT INTO status_page_posts (page_id, title, impact, created_at, resolved_at)
      VALUES (${page!.id}, ${`Incident ${p}`}, 'minor', now() - ${`${p * 4} days`}::interval, ${p === 0 ? null : sql`now() - ${`${p * 4} days`}::interval + interval '2 hours'`}) RETURNING id`;
    await sql`INSERT INTO status_page_post_updates (post_id, state, body, created_at) VALUES
      (${post!.id}, 'investigating', 'We are **looking** into it.', now() - ${`${p * 4} days`}::interval),
      (${post!.id}, ${p === 0 ? 'identified' : 'resolved'}, 'Found and fixed: a [bad deploy](https://example.com).', now() - ${`${p * 4} days`}::interval + interval '1 hour')`;
  }
  // A weekly two-hour maintenance window on half the monitors, shown on the page: 13 weeks
  // back, 13 ahead, and one under way now.
  const [window] = await sql`INSERT INTO maintenance_windows (user_id, title, description, time_zone, starts_at_local, duration_minutes, rrule)
    VALUES (${user!.id}, 'Weekly patching', 'Rolling restarts.', 'UTC', to_char(now() - interval '1 hour' - interval '13 weeks', 'YYYY-MM-DD"T"HH24:MI'), 120, 'FREQ=WEEKLY')
    RETURNING id`;
  await sql`INSERT INTO maintenance_window_monitors (window_id, monitor_id)
    SELECT ${window!.id}, id FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM monitors WHERE agent_id = ${agent!.id}) m WHERE n % 2 = 0`;
  await sql`INSERT INTO maintenance_window_pages (window_id, page_id) VALUES (${window!.id}, ${page!.id})`;
  await sql`INSERT INTO maintenance_occurrences (window_id, starts_at, ends_at, soon_handled_at, start_handled_at, end_handled_at)
    SELECT ${window!.id}, s, s + interval '2 hours', now(), CASE WHEN s <= now() THEN now() END, CASE WHEN s + interval '2 hours' <= now() THEN now() END
    FROM generate_series(date_trunc('minute', now()) - interval '1 hour' - interval '13 weeks', now() + interval '13 weeks', interval '1 week') AS s`;
  const [component] = await sql`SELECT id FROM status_page_components WHERE page_id = ${page!.id} ORDER BY position LIMIT 1`;
  return { slug, pageId: page!.id as string, componentId: component!.id as string };
}

async function main() {
  const database = await benchDatabase();
  const app = await startBenchApp(database.url);
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  try {
    log(`seeding a page with ${components} components (${components * 2} monitors, 90 days of hourly rollups)…`);
    const { slug, componentId } = await seed(sql);
    const get = async (path: string) => {
      const response = await fetch(`${app.url}${path}`);
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 200)}`);
      return body;
    };
    const coldStarted = performance.now();
    const html = await get(`/s/${slug}`);
    const cold = performance.now() - coldStarted;
    if (!html.includes('Component 49') && components >= 50) throw new Error('the page does not show its components');
    if (!html.includes('Maintenance in progress')) throw new Error('the page does not show the maintenance under way');
    console.log('');
    console.log(`Public status page: ${components} components × 90 days; ${runs} runs each over HTTP, signed out`);
    console.log(`${'GET /s/[address] (cold: first request)'.padEnd(46)} ${cold.toFixed(1).padStart(7)} ms`);
    row('GET /s/[address] (warm)', await timed(() => get(`/s/${slug}`), runs), 100);
    row('GET /s/[address]?month=… (a past month)', await timed(() => get(`/s/${slug}?month=${new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7)}`), runs), 100);
    row('GET badge status.svg', await timed(() => get(`/s/${slug}/badge/${componentId}/status.svg`), runs));
    row('GET badge uptime-90d.svg', await timed(() => get(`/s/${slug}/badge/${componentId}/uptime-90d.svg`), runs));
    row('GET feed.rss', await timed(() => get(`/s/${slug}/feed.rss`), runs));

    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = app.authSecret;
    process.env.WATCHPOST_ENCRYPTION_KEY = app.encryptionKey;
    const { statusPageBySlug } = await import('../db/queries/status-pages');
    const { loadPublicStatusPage } = await import('../lib/status-pages/public-view');
    const page = (await statusPageBySlug(slug))!;
    console.log('');
    row('loadPublicStatusPage (no cache: a miss)', await timed(() => loadPublicStatusPage(page), runs));
    const { closeDatabase } = await import('../db');
    await closeDatabase();
  } finally {
    await sql.end();
    await app.stop();
    await database.stop();
  }
}

runBench(main);

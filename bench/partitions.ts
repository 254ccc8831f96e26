// npm run bench:partitions — heartbeats as one table (the layout before migration 0036)
// against weekly partitions (0037), on the same history, in one run: ingest, the queries
// behind the dashboard and a monitor's page, and retention deleting a month of 1,000 monitors.
//
// For each layout, a database of its own on one PostgreSQL (embedded, or the server of
// DATABASE_URL, whose role may CREATE DATABASE): --monitors monitors (default 1,000) with
// --days days (default 30) of checks every --interval seconds (default 300; 60 is the
// dashboard bench's ~43M rows a month) up to now, and the same again past the pro plan's
// retention (over 372 days ago, as if the installation had run for more than a year: with
// partitions, in the weeks it would have had then). The rollups are brought up to date in
// process; then each page query runs --runs times (median and p95); ingest runs for
// --ingest-seconds through the app's own ingestBatch (4 agents at once, 500 heartbeats a
// batch: the database's part of ingest, without HTTP); and retention runs until nothing is
// left to delete, with its time and the WAL it wrote.
//
// Runs with `--conditions react-server` (see package.json) so the app's query modules load.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { withMigrationConnection } from '../db/migration-connection';
import { loadMigrations, migrateUp } from '../db/migrator';
import { benchServer, log, runBench, summary } from './harness';
import { DAY_MS, loadDay, loadIncidents, pageQueries, seedOwner } from './history';

const { values: flags } = parseArgs({
  options: {
    monitors: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    interval: { type: 'string', default: '300' },
    runs: { type: 'string', default: '10' },
    'ingest-seconds': { type: 'string', default: '15' },
  },
});
const settings = {
  monitors: Number(flags.monitors),
  days: Number(flags.days),
  interval: Number(flags.interval),
  runs: Number(flags.runs),
  ingestSeconds: Number(flags['ingest-seconds']),
};

type Layout = 'table' | 'partitioned';
type Results = Map<string, string>;

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function measure(layout: Layout, adminUrl: string): Promise<Results> {
  const results: Results = new Map();
  const name = `bench_${layout}_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = databaseUrl(adminUrl, name);
  const migrations = loadMigrations();
  const upTo = layout === 'table' ? migrations.findIndex((m) => m.tag === '0036_heartbeats_partition_bound') : migrations.length;
  await withMigrationConnection(url, (conn) => migrateUp(conn, migrations.slice(0, upTo)));
  // Both layouts without JIT (migration 0038, which the one-table layout stops before).
  await admin.unsafe(`ALTER DATABASE ${name} SET jit = off`);

  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString('base64');
  process.env.WATCHPOST_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
  const { resetEnvCache } = await import('../lib/env');
  const { closeDatabase } = await import('../db');
  resetEnvCache();
  await closeDatabase();

  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  try {
    const now = Date.now();
    const recent = { from: now - settings.days * DAY_MS, to: now };
    // Past the pro plan's 365 days and retention's week of grace for whole weeks.
    const expired = { from: now - (373 + settings.days) * DAY_MS, to: now - 373 * DAY_MS };
    const owner = await seedOwner(sql, { monitors: settings.monitors, since: expired.from, intervalSeconds: settings.interval });
    if (layout === 'partitioned') {
      await sql`SELECT watchpost_add_heartbeat_partition(w) FROM generate_series(${new Date(expired.from)}::timestamptz, ${new Date(expired.to + 7 * DAY_MS)}::timestamptz, INTERVAL '7 days') w`;
    }
    log(`${layout}: loading ${settings.monitors} monitors × 2 × ${settings.days} days of ${settings.interval}-second checks…`);
    const loadStarted = performance.now();
    // The expired month is loaded without marking its hours for the rollups: nothing reads
    // them, and their refresh would only make the bench longer.
    await sql`ALTER TABLE heartbeats DISABLE TRIGGER heartbeats_rollups_pending_insert`;
    for (let day = expired.from; day < expired.to; day += DAY_MS) await loadDay(sql, owner.userId, day, Math.min(day + DAY_MS, expired.to), settings.interval);
    await sql`ALTER TABLE heartbeats ENABLE TRIGGER heartbeats_rollups_pending_insert`;
    for (let day = recent.from; day < recent.to; day += DAY_MS) await loadDay(sql, owner.userId, day, Math.min(day + DAY_MS, recent.to), settings.interval);
    await loadIncidents(sql, owner.userId, recent.from, recent.to);
    const [{ rows }] = (await sql`SELECT count(*)::float8 AS rows FROM heartbeats`) as unknown as [{ rows: number }];
    results.set('heartbeats loaded', rows.toLocaleString('en'));
    results.set('load (INSERT … SELECT), s', ((performance.now() - loadStarted) / 1000).toFixed(1));

    const { refreshRollups } = await import('../lib/rollups/refresh');
    const rollupsStarted = performance.now();
    // Until no mark is left (a refresh says "more" only while a whole batch remains).
    for (let batch = 1; (await sql`SELECT EXISTS (SELECT 1 FROM rollup_pending) AS more`)[0]!.more; batch++) {
      const { hours } = await refreshRollups();
      if (batch % 10 === 0) log(`${layout}: rollups, batch ${batch} (${hours} hours), ${((performance.now() - rollupsStarted) / 1000).toFixed(0)} s so far`);
    }
    results.set('rollups brought up to date, s', ((performance.now() - rollupsStarted) / 1000).toFixed(1));
    await sql`VACUUM ANALYZE`;

    const [team] = await sql`SELECT id FROM teams WHERE personal_user_id = ${owner.userId}`;
    const [sample] = await sql`SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${owner.userId} ORDER BY m.name OFFSET 7 LIMIT 1`;
    for (const [query, run] of await pageQueries(owner.userId, team!.id as string, sample!.id as string)) {
      await run();
      const durations: number[] = [];
      for (let i = 0; i < settings.runs; i++) {
        const started = performance.now();
        await run();
        durations.push(performance.now() - started);
      }
      const { median, p95 } = summary(durations);
      results.set(query, `${median.toFixed(1)} (p95 ${p95.toFixed(1)})`);
    }

    results.set('ingest, heartbeats/s', (await ingest(sql, owner.userId)).toLocaleString('en'));

    const { deleteExpiredHeartbeats } = await import('../lib/retention/delete-expired');
    const { prepareHeartbeatPartitions } = await import('../lib/retention/partitions');
    await prepareHeartbeatPartitions();
    const [before] = await sql`SELECT pg_current_wal_lsn()::text AS lsn`;
    const retentionStarted = performance.now();
    let deleted = 0;
    for (let n = -1; n !== 0; deleted += n) n = await deleteExpiredHeartbeats({ maxBatches: 1_000_000 });
    const seconds = (performance.now() - retentionStarted) / 1000;
    const [wal] = await sql`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${before!.lsn}::pg_lsn)::float8 AS bytes`;
    results.set('retention: rows deleted', deleted.toLocaleString('en'));
    results.set('retention: time, s', seconds.toFixed(1));
    results.set('retention: WAL written, MB', (Number(wal!.bytes) / 1e6).toFixed(1));
    log(`${layout}: ${JSON.stringify(Object.fromEntries(results))}`);
    return results;
  } finally {
    await sql.end();
    await closeDatabase();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Heartbeats per second stored by 4 agents posting 500-heartbeat batches back to back through ingestBatch. */
async function ingest(sql: postgres.Sql, userId: string): Promise<number> {
  const { ingestBatch } = await import('../lib/ingest/ingest-batch');
  const agents = await sql<{ id: string; monitors: string[] }[]>`
    SELECT a.id, array_agg(m.id ORDER BY m.name) AS monitors FROM agents a JOIN monitors m ON m.agent_id = a.id
    WHERE a.user_id = ${userId} GROUP BY a.id ORDER BY a.id LIMIT 4`;
  const deadline = performance.now() + settings.ingestSeconds * 1000;
  let clock = Date.now() - 60 * 60_000;
  let stored = 0;
  const started = performance.now();
  await Promise.all(
    agents.map(async (agent) => {
      while (performance.now() < deadline) {
        const heartbeats = Array.from({ length: 500 }, (_, i) => ({
          monitorId: agent.monitors[i % agent.monitors.length]!,
          time: new Date(clock++).toISOString(),
          status: 'up' as const,
          latencyMs: 20 + (i % 30),
        }));
        stored += (await ingestBatch({ id: agent.id, plan: 'pro' }, heartbeats)).accepted;
      }
    }),
  );
  return Math.round(stored / ((performance.now() - started) / 1000));
}

async function main() {
  const server = await benchServer();
  const adminUrl = server.url;
  try {
    const probe = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    const [version] = await probe`SHOW server_version`;
    await probe.end();
    const table = await measure('table', adminUrl);
    const partitioned = await measure('partitioned', adminUrl);
    console.log('');
    console.log(`PostgreSQL ${version!.server_version}; ${settings.monitors} monitors, ${settings.days} days of checks every ${settings.interval} s, and as many past retention; times in ms unless stated`);
    const width = Math.max(...[...table.keys()].map((key) => key.length)) + 2;
    console.log(`${''.padEnd(width)}${'one table'.padStart(22)}${'weekly partitions'.padStart(22)}`);
    for (const [key, value] of table) console.log(`${key.padEnd(width)}${value.padStart(22)}${(partitioned.get(key) ?? '').padStart(22)}`);
  } finally {
    await server.stop();
  }
}

runBench(main);

// npm run bench:report — how long a month's report of a whole team takes: the numbers, the
// PDF and the CSV (DESIGN.md: a month of 1,000 monitors ≤ 5 s).
//
// Loads --monitors monitors (default 1,000) with a check every --interval seconds (default
// 60) over last month in the team's zone (Europe/Berlin, so the month's edges are not whole
// UTC days) and a day either side, with outages that open incidents (some acknowledged),
// maintenance on a tenth of the monitors and an SLO on every tenth; refreshes the rollups;
// then builds last month's report --runs times (default 5) and prints the median and p95 of
// each step and of the whole. --pdf FILE and --csv FILE also write the report there.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchDatabase, log, row, runBench, timed } from './harness';

const { values: flags } = parseArgs({
  options: {
    monitors: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '60' },
    runs: { type: 'string', default: '5' },
    pdf: { type: 'string' },
    csv: { type: 'string' },
  },
});
const settings = { monitors: Number(flags.monitors), interval: Number(flags.interval), runs: Number(flags.runs) };
const ZONE = 'Europe/Berlin';
const DAY_MS = 86_400_000;

runBench(async () => {
  const database = await benchDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET = randomBytes(32).toString('base64');
  process.env.WATCHPOST_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  const { closeDatabase } = await import('../db');
  const { refreshAllRollups } = await import('../lib/rollups/refresh');
  const { buildReport } = await import('../lib/reports/build');
  const { reportPdf } = await import('../lib/reports/pdf');
  const { reportCsv } = await import('../lib/reports/csv');
  const { lastMonth, periodOfDays } = await import('../lib/reports/period');
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  try {
    const month = lastMonth(new Date(), ZONE);
    const period = periodOfDays(month.fromDay, month.toDay, ZONE);
    const from = period.from.getTime() - DAY_MS;
    const to = Math.min(Date.now(), period.to.getTime() + DAY_MS);

    const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`bench-${randomUUID().slice(0, 8)}@example.com`}, 'x', 'pro') RETURNING id`;
    const [team] = await sql`UPDATE teams SET time_zone = ${ZONE}, name = 'Bench team' WHERE personal_user_id = ${user!.id} RETURNING id`;
    const agentIds: string[] = [];
    for (let a = 0; a < 10; a++) {
      const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted, last_seen_at, status) VALUES (${user!.id}, ${`probe-${a + 1}`}, '\\x00', now(), 'online') RETURNING id`;
      agentIds.push(agent!.id);
    }
    await sql`
      INSERT INTO monitors (agent_id, name, type, target, interval_seconds, created_at, status)
      SELECT (${sql.json(agentIds)}::jsonb ->> (k % 10))::uuid, (ARRAY['api','web','db','cache','queue','auth','search','cdn'])[1 + k % 8] || '-' || lpad(k::text, 4, '0'),
             'http', 'https://service-' || k || '.example.com/health', ${settings.interval}, ${new Date(from).toISOString()}::timestamptz, 'up'
      FROM generate_series(0, ${settings.monitors - 1}) AS k`;
    log(`loading ${settings.monitors} monitors × ${((to - from) / DAY_MS).toFixed(1)} days, a check every ${settings.interval} s…`);
    const loadStarted = performance.now();
    for (let day = from; day < to; day += DAY_MS) {
      await sql`
        WITH m AS (SELECT m.id, m.agent_id, (row_number() OVER (ORDER BY m.name) - 1)::int AS k FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${user!.id})
        INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
        SELECT t, m.id, m.agent_id, CASE WHEN x.outage THEN 'down' WHEN x.r < 0.0005 THEN 'timeout' ELSE 'up' END,
               CASE WHEN x.outage OR x.r < 0.0005 THEN NULL ELSE ((20 + (m.k * 37) % 380) * (1 + power(random(), 6) * 8))::int END
        FROM m
        CROSS JOIN LATERAL generate_series(${new Date(day).toISOString()}::timestamptz + make_interval(secs => m.k % ${settings.interval}),
                                           ${new Date(Math.min(day + DAY_MS, to) - 1).toISOString()}::timestamptz, make_interval(secs => ${settings.interval})) AS t
        CROSS JOIN LATERAL (SELECT ((extract(epoch FROM t)::bigint / 60) + m.k * 7919) % 10007 < 15 AS outage, random() AS r) x`;
      process.stdout.write('.');
    }
    console.log('');
    // The outages' incidents (15 minutes each), every third acknowledged after 3 minutes.
    await sql`
      WITH m AS (SELECT m.id, (row_number() OVER (ORDER BY m.name) - 1)::int AS k FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${user!.id}),
      starts AS (
        SELECT m.id, m.k, u FROM m
        CROSS JOIN LATERAL generate_series(${Math.floor(from / 60_000)}::bigint + (((- ${Math.floor(from / 60_000)}::bigint - m.k * 7919) % 10007) + 10007) % 10007, ${Math.floor(to / 60_000) - 15}::bigint, 10007) AS u
      )
      INSERT INTO incidents (monitor_id, started_at, resolved_at, ttr_seconds, status, acknowledged_at, created_at)
      SELECT id, to_timestamp(u * 60), to_timestamp((u + 15) * 60), 900, 'resolved', CASE WHEN u % 3 = 0 THEN to_timestamp(u * 60 + 180) END, to_timestamp(u * 60 + 60) FROM starts`;
    // A weekly 2-hour maintenance window over every tenth monitor, and an SLO on every tenth.
    const [window] = await sql`INSERT INTO maintenance_windows (user_id, team_id, title, time_zone, starts_at_local, duration_minutes) VALUES (${user!.id}, ${team!.id}, 'Patching', ${ZONE}, '2026-01-01T02:00', 120) RETURNING id`;
    await sql`INSERT INTO maintenance_window_monitors (window_id, monitor_id) SELECT ${window!.id}, m.id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${user!.id} AND m.name LIKE '%0'`;
    await sql`INSERT INTO maintenance_occurrences (window_id, starts_at, ends_at) SELECT ${window!.id}, t, t + INTERVAL '2 hours' FROM generate_series(${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz, INTERVAL '7 days') AS t`;
    await sql`INSERT INTO slos (team_id, name, monitor_id, target, "window") SELECT ${team!.id}, 'SLO ' || m.name, m.id, 99.9, 'month' FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${user!.id} AND m.name LIKE '%5'`;
    const [{ rows }] = (await sql`SELECT count(*)::bigint AS rows FROM heartbeats`) as unknown as [{ rows: string }];
    log(`loaded ${Number(rows).toLocaleString('en')} heartbeats in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s; refreshing the rollups…`);
    const refreshStarted = performance.now();
    await refreshAllRollups();
    log(`rollups refreshed in ${((performance.now() - refreshStarted) / 1000).toFixed(0)} s`);
    await sql`VACUUM ANALYZE`;

    const days = { fromDay: month.fromDay, toDay: month.toDay };
    const report = (await buildReport(team!.id, { kind: 'team' }, days))!;
    log(`report of ${month.fromDay} – ${month.toDay} (${ZONE}): ${report.rows.length} monitors, ${report.incidents.length} incidents, uptime ${report.totals.uptimePercent} %`);
    if (flags.pdf) {
      writeFileSync(flags.pdf, await reportPdf(report));
      log(`wrote ${flags.pdf}`);
    }
    if (flags.csv) {
      writeFileSync(flags.csv, reportCsv(report));
      log(`wrote ${flags.csv}`);
    }
    console.log('');
    row('numbers (buildReport)', await timed(() => buildReport(team!.id, { kind: 'team' }, days), settings.runs));
    row('PDF (pdfkit, from the numbers)', await timed(() => reportPdf(report), settings.runs));
    row('CSV (from the numbers)', await timed(async () => reportCsv(report), settings.runs));
    row(
      `whole report as PDF, ${settings.monitors} monitors`,
      await timed(async () => reportPdf((await buildReport(team!.id, { kind: 'team' }, days))!), settings.runs),
      5000,
    );
  } finally {
    await sql.end();
    await closeDatabase();
    await database.stop();
  }
});

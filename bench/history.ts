// A realistic history for the benchmarks that need one (bench:dashboard, bench:partitions):
// an owner on the pro plan with 10 agents and `monitors` monitors, and days of checks
// written straight into the database, and the queries behind the pages people look at.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';

export const DAY_MS = 86_400_000;

export interface Owner {
  userId: string;
  email: string;
}

/** The owner, its agents and monitors, made `since` (so uptime counts from then). */
export async function seedOwner(sql: postgres.Sql, { monitors, since, intervalSeconds = 60 }: { monitors: number; since: number; intervalSeconds?: number }): Promise<Owner> {
  const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES (${`bench-${randomUUID().slice(0, 8)}@example.com`}, 'x', 'pro') RETURNING id, email`;
  const agentIds: string[] = [];
  for (let a = 0; a < 10; a++) {
    const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted, last_seen_at, status) VALUES (${user!.id}, ${`probe-${a + 1}`}, '\\x00', now(), 'online') RETURNING id`;
    agentIds.push(agent!.id);
  }
  await sql`
    INSERT INTO monitors (agent_id, name, type, target, interval_seconds, created_at, status, last_heartbeat_at)
    SELECT (${sql.json(agentIds)}::jsonb ->> (k % 10))::uuid,
           (ARRAY['api','web','db','cache','queue','auth','search','cdn'])[1 + k % 8] || '-' || lpad(k::text, 4, '0'),
           (ARRAY['http','tcp','ping','dns'])[1 + k % 4],
           'https://service-' || k || '.example.com/health', ${intervalSeconds}, ${new Date(since).toISOString()}::timestamptz, 'up', now()
    FROM generate_series(0, ${monitors - 1}) AS k`;
  return { userId: user!.id as string, email: user!.email as string };
}

/**
 * One day of checks for every monitor in one statement. Monitor k checks every
 * `intervalSeconds` at second k % interval; it is down for 15 minutes every 10,007 minutes
 * (phase by k), times out at random 1 in 2,000, is 3 × slower in its two busy hours a day,
 * and has a long tail.
 */
export async function loadDay(sql: postgres.Sql, userId: string, dayStart: number, dayEnd: number, intervalSeconds = 60) {
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
    CROSS JOIN LATERAL generate_series(${new Date(dayStart).toISOString()}::timestamptz + make_interval(secs => m.k % ${intervalSeconds}::int),
                                       ${new Date(dayEnd - 1).toISOString()}::timestamptz, make_interval(secs => ${intervalSeconds}::int)) AS t
    CROSS JOIN LATERAL (SELECT ((extract(epoch FROM t)::bigint / 60) + m.k * 7919) % 10007 < 15 AS outage, random() AS r) x`;
}

/** The incidents those outages are: resolved after 15 minutes, or open if still going on. */
export async function loadIncidents(sql: postgres.Sql, userId: string, from: number, to: number) {
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

/**
 * The queries behind the dashboard, a monitor's page and the incidents page, by name, to be
 * called directly (no rendering, no HTTP). Needs DATABASE_URL and the app's secrets in the
 * environment before the first call, and `--conditions react-server`.
 */
export async function pageQueries(ownerId: string, teamId: string, monitorId: string): Promise<[string, () => Promise<unknown>][]> {
  const dashboard = { ...(await import('../db/queries/dashboard')), ...(await import('../lib/dashboard/monitors')) };
  const timeseries = { ...(await import('../db/queries/timeseries')), ...(await import('../lib/rollups/reads')) };
  const incidents = await import('../db/queries/incidents');
  const usage = await import('../lib/plans/overview');
  const now = () => new Date();
  const window = (days: number) => ({ from: new Date(Date.now() - days * DAY_MS), to: new Date() });
  const firstPage = await dashboard.dashboardMonitors(teamId, 30, {});
  const pageIds = firstPage.monitors.map((m) => m.id);
  return [
    ['usageOverview (every signed-in page: plan usage and notices)', () => usage.usageOverview(ownerId)],
    ['statusCounts', () => dashboard.statusCounts(teamId, 30)],
    ['dashboardMonitors (page 1, 24 h + 30 d uptime)', () => dashboard.dashboardMonitors(teamId, 30, {})],
    ['dashboardMonitors (q=cache)', () => dashboard.dashboardMonitors(teamId, 30, { q: 'cache' })],
    ['dashboardMonitors (sort=uptime)', () => dashboard.dashboardMonitors(teamId, 30, { sort: 'uptime' })],
    ['dashboardMonitors (sort=latency)', () => dashboard.dashboardMonitors(teamId, 30, { sort: 'latency' })],
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
}

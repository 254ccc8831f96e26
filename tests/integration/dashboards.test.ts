import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorOverview, statusCounts } from '@/db/queries/dashboard';
import { dashboardMonitors } from '@/lib/dashboard/monitors';
import { getIncident, listIncidents, monitorIncidents, responseTimes } from '@/db/queries/incidents';
import { dailyBars, errorGroups, heartbeatPage } from '@/db/queries/timeseries';
import { windowStats } from '@/lib/rollups/reads';
import { acknowledgeIncident, resolveIncident } from '@/lib/incidents/manage';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { coverage, downtimeSeconds, uptimePercent } from '@/lib/rollups/windows';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// The dashboard's and incident pages' reads against hand-built rows whose answers are known.

const sql = testSql();
afterAll(() => sql.end());

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const POLL = 30;

async function beats(monitorId: string, agentId: string, rows: { at: number; status: string; latency?: number | null; error?: string }[]) {
  await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms, error_message)
    SELECT t, ${monitorId}, ${agentId}, s, l, e FROM jsonb_to_recordset(${sql.json(
      rows.map((r) => ({ t: new Date(r.at).toISOString(), s: r.status, l: r.latency ?? null, e: r.error ?? null })),
    )}::jsonb) AS x(t timestamptz, s text, l int, e text)`;
}

/** One check a minute over [from, to). */
const everyMinute = (from: number, to: number, status: (i: number) => string) =>
  Array.from({ length: Math.floor((to - from) / MINUTE) }, (_, i) => ({ at: from + i * MINUTE, status: status(i), latency: 50 }));

describe('uptime over a window', () => {
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const window = { from: new Date(now - DAY), to: new Date(now) };
  let owner: Awaited<ReturnType<typeof agentWithMonitors>>;

  beforeAll(async () => {
    owner = await agentWithMonitors(5);
    const [steady, allDown, late, gap] = owner.monitorIds;
    // 1,439 of 1,440 up.
    await beats(steady!, owner.agentId, everyMinute(now - DAY, now, (i) => (i === 700 ? 'timeout' : 'up')));
    // Down throughout.
    await beats(allDown!, owner.agentId, everyMinute(now - DAY, now, () => 'down'));
    // Created six hours ago: only its own checks count.
    await sql`UPDATE monitors SET created_at = ${new Date(now - 6 * HOUR).toISOString()} WHERE id = ${late!}`;
    await beats(late!, owner.agentId, everyMinute(now - 6 * HOUR, now, () => 'up'));
    // Twelve hours without data in the middle.
    await beats(gap!, owner.agentId, [...everyMinute(now - DAY, now - 18 * HOUR, () => 'up'), ...everyMinute(now - 6 * HOUR, now, (i) => (i < 30 ? 'error' : 'up'))]);
    await refreshAllRollups();
  });

  it('counts successful checks over counted checks, rounded down, and says "no data" for an empty window', async () => {
    const stats = await windowStats(owner.teamId, owner.monitorIds, window, new Date(now));
    const [steady, allDown, late, gap, empty] = owner.monitorIds.map((id) => stats.get(id)!);
    expect(uptimePercent(steady!)).toBe(99.93);
    expect(steady!.timeout).toBe(1);
    expect(uptimePercent(allDown!)).toBe(0);
    expect(uptimePercent(late!)).toBe(100);
    expect(late!.up).toBe(360);
    // 720 checks, 30 failed: the twelve hours without data are neither up nor down.
    expect(uptimePercent(gap!)).toBe(95.83);
    expect(uptimePercent(empty!)).toBeNull();
  });

  it('measures coverage from the monitor’s creation, and a gap lowers it', async () => {
    const stats = await windowStats(owner.teamId, owner.monitorIds, window, new Date(now));
    const [, , late, gap] = owner.monitorIds;
    expect(coverage(360, window, 60, new Date(now - 6 * HOUR))).toBe(1);
    expect(coverage(stats.get(gap!)!.up + stats.get(gap!)!.error, window, 60, new Date(now - 2 * DAY))).toBe(0.5);
    expect(stats.get(late!)!.up).toBe(360);
  });

  it('draws days without checks as no data, never as up', async () => {
    const bars = await dailyBars(owner.teamId, owner.monitorIds[3]!, 'UTC', 3, new Date(now));
    expect(bars).toHaveLength(3);
    expect(bars[0]!.up + bars[0]!.down + bars[0]!.error).toBe(0);
    expect(uptimePercent(bars[0]!)).toBeNull();
    const total = bars.reduce((sum, bar) => sum + bar.up + bar.error, 0);
    expect(total).toBe(720);
  });

  it('counts downtime as the overlap of the window with incidents: an open one until now, a manually resolved one until it was resolved', async () => {
    const [steady, allDown] = owner.monitorIds;
    await sql`INSERT INTO incidents (monitor_id, started_at, status) VALUES (${allDown!}, ${new Date(now - 2 * DAY).toISOString()}, 'open')`;
    await sql`INSERT INTO incidents (monitor_id, started_at, status) VALUES (${steady!}, ${new Date(now - 3 * HOUR).toISOString()}, 'open')`;
    const [manual] = await sql`SELECT id FROM incidents WHERE monitor_id = ${steady!}`;
    await resolveIncident({ ctx: teamCtx(owner.userId), input: { incidentId: manual!.id } });
    const resolvedAt = Date.now();

    const open = await monitorIncidents(owner.teamId, allDown!, window.from);
    expect(downtimeSeconds(open, window.from, window.to, new Date(now))).toBe(86_400);
    const resolved = await monitorIncidents(owner.teamId, steady!, window.from);
    expect(resolved[0]!.status).toBe('resolved');
    const down = downtimeSeconds(resolved, window.from, new Date(resolvedAt + 60_000), new Date(resolvedAt + 60_000));
    expect(Math.abs(down - 3 * 3600 - (resolvedAt - now) / 1000)).toBeLessThan(5);
    const bars = await dailyBars(owner.teamId, allDown!, 'UTC', 2, new Date(now));
    expect(bars.every((bar) => bar.incidents === 1)).toBe(true);
    expect(bars.reduce((sum, bar) => sum + bar.downtimeSeconds, 0)).toBe(Math.round((now - Date.parse(`${bars[0]!.day}T00:00:00Z`)) / 1000));
  });
});

describe('dashboard', () => {
  let owner: Awaited<ReturnType<typeof agentWithMonitors>>;
  beforeAll(async () => {
    owner = await agentWithMonitors(1);
    const [second] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted, last_seen_at) VALUES (${owner.userId}, 'old probe', '\\x00', now() - interval '1 hour') RETURNING id`;
    await sql`UPDATE agents SET last_seen_at = now() WHERE id = ${owner.agentId}`;
    // 54 more monitors on the online agent: every status; 3 on an agent offline for an hour.
    await sql`INSERT INTO monitors (agent_id, name, type, target, status, enabled)
      SELECT ${owner.agentId}, 'svc-' || lpad(k::text, 2, '0'), (ARRAY['http','tcp','ping','dns'])[1 + k % 4], 'host-' || k || '.example.com',
             (ARRAY['up','down','pending','unknown','up','paused'])[1 + k % 6], k % 6 <> 5
      FROM generate_series(1, 54) k`;
    await sql`INSERT INTO monitors (agent_id, name, type, target, status) SELECT ${second!.id}, 'remote-' || k, 'tcp', 'db-' || k || '.lan:5432', 'up' FROM generate_series(1, 3) k`;
    const [worst] = await sql`SELECT id FROM monitors WHERE name = 'svc-07'`;
    await beats(worst!.id, owner.agentId, everyMinute(Date.now() - 2 * HOUR, Date.now(), (i) => (i % 2 ? 'down' : 'up')));
    await refreshAllRollups();
  });

  it('counts monitors by what a person should see: paused, stale while the agent is offline, else their status', async () => {
    const counts = await statusCounts(owner.teamId, POLL);
    // svc-k: k % 6 = 1 up, 2 down, 3 pending, 4 unknown, 5 up, 0 paused; plus m0 (unknown) and 3 stale.
    expect(counts).toEqual({ up: 18, maintenance: 0, down: 9, pending: 9, unknown: 10, paused: 9, stale: 3, partial: 0, degraded: 0 });
  });

  it('pages by 50, searches name and target, filters by status, agent and type', async () => {
    const first = await dashboardMonitors(owner.teamId, POLL, {});
    expect(first.total).toBe(58);
    expect(first.monitors).toHaveLength(50);
    expect(first.monitors[0]!.status).toBe('down');
    expect(first.monitors.at(-1)!.status).not.toBe('down');
    const second = await dashboardMonitors(owner.teamId, POLL, { page: 2 });
    expect(second.monitors).toHaveLength(8);
    expect(second.monitors.at(-1)!.status).toBe('paused');
    expect(new Set([...first.monitors, ...second.monitors].map((m) => m.id)).size).toBe(58);

    expect((await dashboardMonitors(owner.teamId, POLL, { q: 'DB-2.lan' })).monitors.map((m) => m.name)).toEqual(['remote-2']);
    expect((await dashboardMonitors(owner.teamId, POLL, { q: '50%' })).total).toBe(0);
    expect((await dashboardMonitors(owner.teamId, POLL, { status: 'stale' })).monitors.map((m) => m.name)).toEqual(['remote-1', 'remote-2', 'remote-3']);
    expect((await dashboardMonitors(owner.teamId, POLL, { type: 'dns' })).total).toBe(13);
    expect((await dashboardMonitors(owner.teamId, POLL, { agentId: owner.agentId })).total).toBe(55);
  });

  it('sorts by uptime (worst first, no data last) and by name', async () => {
    const byUptime = await dashboardMonitors(owner.teamId, POLL, { sort: 'uptime' });
    expect(byUptime.monitors[0]!.name).toBe('svc-07');
    expect(byUptime.monitors[0]!.uptime24h).toBe(50);
    expect(byUptime.monitors[1]!.uptime24h).toBeNull();
    const byName = await dashboardMonitors(owner.teamId, POLL, { sort: 'name' });
    expect(byName.monitors.slice(0, 3).map((m) => m.name)).toEqual(['m0', 'remote-1', 'remote-2']);
  });

  it("shows another user none of it, and refuses their ids", async () => {
    const stranger = await createTestUser('stranger');
    expect(Object.values(await statusCounts(stranger.teamId, POLL)).every((n) => n === 0)).toBe(true);
    expect((await dashboardMonitors(stranger.teamId, POLL, { agentId: owner.agentId })).total).toBe(0);
    expect(await monitorOverview(stranger.teamId, owner.monitorIds[0]!, POLL)).toBeNull();
    expect(await heartbeatPage(stranger.teamId, owner.monitorIds[0]!)).toEqual([]);
    expect(await monitorOverview(owner.teamId, owner.monitorIds[0]!, POLL)).toMatchObject({ name: 'm0', status: 'unknown' });
  });
});

describe('incidents', () => {
  it('list open first, filter by state, monitor and dates, give MTTA and MTTR, and refuse other users', async () => {
    const owner = await agentWithMonitors(2);
    const [a, b] = owner.monitorIds;
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    await sql`INSERT INTO incidents (monitor_id, started_at, resolved_at, ttr_seconds, acknowledged_at, acknowledged_by, status) VALUES
      (${a!}, ${ago(10 * DAY)}, ${ago(10 * DAY - 600_000)}, 600, ${ago(10 * DAY - 120_000)}, ${owner.userId}, 'resolved'),
      (${a!}, ${ago(2 * DAY)}, ${ago(2 * DAY - 1_200_000)}, 1200, NULL, NULL, 'resolved'),
      (${b!}, ${ago(40 * DAY)}, ${ago(40 * DAY - 60_000)}, 60, NULL, NULL, 'resolved')`;
    await sql`INSERT INTO incidents (monitor_id, started_at, status) VALUES (${b!}, ${ago(HOUR)}, 'open')`;
    await beats(b!, owner.agentId, [
      { at: Date.now() - HOUR, status: 'down', error: 'connect ECONNREFUSED' },
      { at: Date.now() - HOUR + MINUTE, status: 'down', error: 'connect ECONNREFUSED' },
      { at: Date.now() - HOUR + 2 * MINUTE, status: 'timeout', error: 'no answer in 10 s' },
    ]);

    const all = await listIncidents(owner.teamId);
    expect(all.total).toBe(4);
    expect(all.incidents.map((i) => i.status)).toEqual(['open', 'resolved', 'resolved', 'resolved']);
    const open = all.incidents[0]!;
    await acknowledgeIncident({ ctx: teamCtx(owner.userId), input: { incidentId: open.id } });
    expect((await listIncidents(owner.teamId, { state: 'acknowledged' })).incidents.map((i) => i.acknowledgedBy)).toEqual([owner.email]);
    expect((await listIncidents(owner.teamId, { state: 'open' })).total).toBe(0);
    expect((await listIncidents(owner.teamId, { monitorId: a! })).total).toBe(2);
    expect((await listIncidents(owner.teamId, { from: new Date(Date.now() - 3 * DAY), to: new Date() })).total).toBe(2);

    const times = await responseTimes(owner.teamId);
    expect(times).toEqual([
      { days: 7, incidents: 2, mttaSeconds: expect.any(Number), mttrSeconds: 1200 },
      { days: 30, incidents: 3, mttaSeconds: expect.any(Number), mttrSeconds: 900 },
      { days: 90, incidents: 4, mttaSeconds: expect.any(Number), mttrSeconds: 620 },
    ]);
    expect(times[2]!.mttaSeconds).toBeGreaterThan(60);

    const groups = await errorGroups(owner.teamId, b!, { from: new Date(Date.now() - 2 * HOUR), to: new Date() });
    expect(groups).toEqual([
      { message: 'connect ECONNREFUSED', status: 'down', count: 2 },
      { message: 'no answer in 10 s', status: 'timeout', count: 1 },
    ]);

    const stranger = await createTestUser('stranger');
    expect(await getIncident(stranger.teamId, open.id)).toBeNull();
    expect((await listIncidents(stranger.teamId)).total).toBe(0);
    expect(await errorGroups(stranger.teamId, b!, { from: new Date(0), to: new Date() })).toEqual([]);
    expect(await getIncident(owner.teamId, open.id)).toMatchObject({ monitorName: 'm1', status: 'acknowledged' });
  });
});

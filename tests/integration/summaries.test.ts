import { afterAll, describe, expect, it } from 'vitest';
import { DISPLAY_STATUSES } from '@/db/queries/dashboard';
import { dashboardMonitors } from '@/lib/dashboard/monitors';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { refreshMonitorSummaries } from '@/lib/rollups/summaries';
import { uptimePercent } from '@/lib/rollups/windows';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// The dashboard's per-monitor 24 h summaries (lib/rollups/summaries.ts) against a brute-force
// recount of the raw rows, whatever wrote them: ingest, COPY, an operator's INSERT, rows
// arriving late, maintenance added afterwards, a monitor deleted. And the dashboard's sorts by
// uptime and latency against a sort of the recounted numbers.

const sql = testSql();
afterAll(() => sql.end());

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const POLL = 30;

interface Recount {
  up: number;
  down: number;
  timeout: number;
  error: number;
  latencyCount: number;
  latencySum: number;
}

/** Every monitor's checks in [asOf − 24 h, asOf) from the raw rows, outside its maintenance. */
async function recount(monitorIds: string[], asOf: Date): Promise<Map<string, Recount>> {
  const rows = await sql<{ monitor_id: string; time: Date; status: string; latency_ms: number | null }[]>`
    SELECT h.monitor_id, h.time, h.status, h.latency_ms FROM heartbeats h
    WHERE h.monitor_id = ANY(${monitorIds}::uuid[]) AND h.time >= ${new Date(asOf.getTime() - DAY)} AND h.time < ${asOf}
      AND NOT EXISTS (SELECT 1 FROM maintenance_window_monitors wm JOIN maintenance_occurrences o ON o.window_id = wm.window_id
                      WHERE wm.monitor_id = h.monitor_id AND o.starts_at <= h.time AND o.ends_at > h.time)`;
  const result = new Map(monitorIds.map((id) => [id, { up: 0, down: 0, timeout: 0, error: 0, latencyCount: 0, latencySum: 0 }]));
  for (const row of rows) {
    const counts = result.get(row.monitor_id)!;
    counts[row.status as 'up' | 'down' | 'timeout' | 'error'] += 1;
    if (row.status === 'up' && row.latency_ms !== null) {
      counts.latencyCount += 1;
      counts.latencySum += row.latency_ms;
    }
  }
  return result;
}

async function summaries(monitorIds: string[]) {
  const rows = await sql<{ monitor_id: string; as_of: Date; up: number; down: number; timeout: number; error: number; latency_count: number; latency_sum: string }[]>`
    SELECT monitor_id, as_of, up_count AS up, down_count AS down, timeout_count AS timeout, error_count AS error, latency_count, latency_sum
    FROM monitor_day_summaries WHERE monitor_id = ANY(${monitorIds}::uuid[])`;
  return new Map(rows.map((r) => [r.monitor_id, { asOf: r.as_of, counts: { up: r.up, down: r.down, timeout: r.timeout, error: r.error, latencyCount: r.latency_count, latencySum: Number(r.latency_sum) } }]));
}

async function copyRows(monitorId: string, agentId: string, rows: { at: number; status: string; latency: number | null }[]) {
  const copy = await sql`COPY heartbeats (time, monitor_id, agent_id, status, latency_ms) FROM STDIN`.writable();
  await new Promise<void>((resolve, reject) => {
    copy.once('error', reject);
    copy.once('finish', resolve);
    copy.end(rows.map((r) => `${new Date(r.at).toISOString()}\t${monitorId}\t${agentId}\t${r.status}\t${r.latency ?? '\\N'}\n`).join(''));
  });
}

const meanLatency = (c: Recount) => (c.latencyCount > 0 ? Math.round((c.latencySum / c.latencyCount) * 10) / 10 : null);

describe('monitor summaries', () => {
  it('equal a recount of the raw rows of every write path, and follow late rows, maintenance and deletions', async () => {
    const owner = await agentWithMonitors(5);
    const [viaIngest, viaCopy, viaInsert, late, deleted] = owner.monitorIds as [string, string, string, string, string];
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    // Ingest: the last 3 hours, one check every 5 minutes, every seventh down.
    const ingested = Array.from({ length: 36 }, (_, i) => ({ monitorId: viaIngest, time: new Date(now - 3 * HOUR + i * 5 * MINUTE).toISOString(), status: i % 7 === 0 ? 'down' : 'up', latencyMs: 40 + i }));
    expect((await postHeartbeats(owner.token, { heartbeats: ingested })).status).toBe(202);
    // COPY: 26 hours, across the window's start (its raw edge), a check every 10 minutes, some timeouts.
    await copyRows(viaCopy, owner.agentId, Array.from({ length: 156 }, (_, i) => ({ at: now - 26 * HOUR + i * 10 * MINUTE + 17_000, status: i % 9 === 0 ? 'timeout' : 'up', latency: i % 9 === 0 ? null : 100 + (i % 13) })));
    // An operator's INSERT, and rows of the monitor about to be deleted.
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms, error_message)
      SELECT ${new Date(now)}::timestamptz - make_interval(mins => n * 7), ${viaInsert}, ${owner.agentId}, CASE WHEN n % 5 = 0 THEN 'error' ELSE 'up' END, 20 + n, NULL
      FROM generate_series(1, 200) n`;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
      SELECT ${new Date(now)}::timestamptz - make_interval(mins => n * 30), ${deleted}, ${owner.agentId}, 'up', 300 FROM generate_series(1, 40) n`;
    await refreshAllRollups();
    const first = new Date(now + 30_000);
    expect(await refreshMonitorSummaries(first)).toBeGreaterThanOrEqual(5);
    const expected = await recount(owner.monitorIds, first);
    let stored = await summaries(owner.monitorIds);
    for (const id of owner.monitorIds) expect({ id, ...stored.get(id)!.counts }).toEqual({ id, ...expected.get(id)! });
    expect(stored.get(late)!.counts).toEqual({ up: 0, down: 0, timeout: 0, error: 0, latencyCount: 0, latencySum: 0 });
    expect(stored.get(viaIngest)!.asOf).toEqual(first);

    // Late rows (an agent's spool, hours old, one at the window's raw edge), maintenance over
    // an hour of the COPY monitor added afterwards (marking its hours, as a change of
    // maintenance does), and a monitor deleted.
    const spool = Array.from({ length: 20 }, (_, i) => ({ monitorId: late, time: at(now - 23 * HOUR - 30 * MINUTE, i * 600), status: i % 4 === 0 ? 'down' : 'up', latencyMs: 70 }));
    expect((await postHeartbeats(owner.token, { heartbeats: spool })).status).toBe(202);
    const [window] = await sql`INSERT INTO maintenance_windows (user_id, team_id, title, time_zone, starts_at_local, duration_minutes)
      VALUES (${owner.userId}, ${owner.teamId}, 'Upgrade', 'UTC', '2026-01-01T00:00', 60) RETURNING id`;
    await sql`INSERT INTO maintenance_window_monitors (window_id, monitor_id) VALUES (${window!.id}, ${viaCopy})`;
    const held = { from: now - 10 * HOUR - 20 * MINUTE, to: now - 9 * HOUR - 20 * MINUTE };
    await sql`INSERT INTO maintenance_occurrences (window_id, starts_at, ends_at) VALUES (${window!.id}, ${new Date(held.from)}, ${new Date(held.to)})`;
    await sql`INSERT INTO rollup_pending (monitor_ids, hours, earliest, pairs)
      SELECT array_agg(${viaCopy}::uuid), array_agg(h), array_agg('-infinity'::timestamptz), count(*)
      FROM generate_series(date_trunc('hour', ${new Date(held.from)}::timestamptz), ${new Date(held.to)}::timestamptz, INTERVAL '1 hour') h`;
    await sql`DELETE FROM monitors WHERE id = ${deleted}`;
    expect((await summaries([deleted])).size).toBe(0);
    await refreshAllRollups();
    const second = new Date(now + 60_000);
    await refreshMonitorSummaries(second);
    const kept = owner.monitorIds.filter((id) => id !== deleted);
    const again = await recount(kept, second);
    stored = await summaries(kept);
    for (const id of kept) expect({ id, ...stored.get(id)!.counts }).toEqual({ id, ...again.get(id)! });
    expect(stored.get(late)!.counts.down).toBeGreaterThan(0);
    expect(stored.get(viaCopy)!.counts.up + stored.get(viaCopy)!.counts.timeout).toBeLessThan(expected.get(viaCopy)!.up + expected.get(viaCopy)!.timeout);
  });

  it('order the dashboard by uptime and latency as a sort of the recounted numbers would, with and without a search', async () => {
    const owner = await agentWithMonitors(7);
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    // Monitor k: a check every 10 minutes for 20 hours, k of every 12 down, latency growing with k; the last has none.
    for (const [k, id] of owner.monitorIds.slice(0, 6).entries()) {
      await copyRows(id, owner.agentId, Array.from({ length: 120 }, (_, i) => ({ at: now - 20 * HOUR + i * 10 * MINUTE, status: i % 12 < (k * 5) % 7 ? 'down' : 'up', latency: 30 + ((k * 37) % 11) * 10 + (i % 3) })));
    }
    await refreshAllRollups();
    const asOf = new Date(now);
    await refreshMonitorSummaries(asOf);
    const counts = await recount(owner.monitorIds, asOf);
    const severity = (status: string) => DISPLAY_STATUSES.indexOf(status as (typeof DISPLAY_STATUSES)[number]);
    const page = async (sort: 'uptime' | 'latency', q?: string) => (await dashboardMonitors(owner.teamId, POLL, { sort, q }, asOf)).monitors;
    const expectedOrder = (rows: Awaited<ReturnType<typeof page>>, sort: 'uptime' | 'latency') =>
      [...rows]
        .sort((a, b) => severity(a.status) - severity(b.status) || a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id))
        .sort((a, b) => {
          const key = (id: string) => (sort === 'uptime' ? (uptimePercent(counts.get(id)!) ?? Infinity) : -(meanLatency(counts.get(id)!) ?? -Infinity));
          return key(a.id) - key(b.id);
        })
        .map((row) => row.name);
    for (const sort of ['uptime', 'latency'] as const) {
      const rows = await page(sort);
      expect(rows).toHaveLength(7);
      expect(rows.map((row) => row.name)).toEqual(expectedOrder(rows, sort));
      expect(rows.at(-1)!.name).toBe('m6'); // no data: last
      // The numbers shown are the recount's.
      for (const row of rows) expect(row.uptime24h).toBe(uptimePercent(counts.get(row.id)!));
      const searched = await page(sort, 'm');
      expect(searched.map((row) => row.name)).toEqual(rows.map((row) => row.name));
    }
    // The order is the summaries': a summary changed by hand moves its monitor; a stale one
    // (no leader for over a minute) is not trusted, and the numbers are counted instead.
    const best = (await page('uptime')).at(-2)!;
    const shownBy = async (sort: 'status' | 'name') => (await dashboardMonitors(owner.teamId, POLL, { sort }, asOf)).monitors.find((row) => row.id === best.id)!.uptime24h;
    await sql`UPDATE monitor_day_summaries SET up_count = 0, down_count = 1 WHERE monitor_id = ${best.id}`;
    expect((await page('uptime'))[0]!.id).toBe(best.id);
    // Every sort shows the summary's numbers, so a monitor reads the same whatever the sort.
    expect(await shownBy('status')).toBe(0);
    expect(await shownBy('name')).toBe(0);
    // A monitor added since the pass has no summary yet: it sorts as without data (last)
    // and the others keep the summaries' order, not a count of every monitor per request.
    const [added] = await sql<{ id: string }[]>`
      INSERT INTO monitors (agent_id, name, type, target) VALUES (${owner.agentId}, 'm7', 'tcp', 'db7.internal:5432') RETURNING id`;
    const withAdded = await page('uptime');
    expect(withAdded[0]!.id).toBe(best.id);
    expect(withAdded.at(-1)!.id).toBe(added!.id);
    // Added over a minute ago and still without a summary (no leader since): not trusted.
    await sql`UPDATE monitors SET created_at = ${new Date(asOf.getTime() - 61_000)} WHERE id = ${added!.id}`;
    expect((await page('uptime')).at(-3)!.id).toBe(best.id);
    await sql`DELETE FROM monitors WHERE id = ${added!.id}`;
    expect((await page('uptime'))[0]!.id).toBe(best.id);
    await sql`UPDATE monitor_day_summaries SET as_of = as_of - INTERVAL '61 seconds' WHERE monitor_id = ${best.id}`;
    expect((await page('uptime')).at(-2)!.id).toBe(best.id);
    // Its stale summary is not shown either: its 24 h is counted.
    expect(await shownBy('status')).toBe(uptimePercent(counts.get(best.id)!));
    expect(await shownBy('name')).toBe(uptimePercent(counts.get(best.id)!));
  });
});

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyBars } from '@/db/queries/timeseries';
import { monitorSeries, windowStats } from '@/lib/rollups/reads';
import { deleteExpiredHeartbeats } from '@/lib/retention/delete-expired';
import { bucketOf, histogramOf, percentiles, RELATIVE_ERROR_BOUND } from '@/lib/rollups/histogram';
import { refreshAllRollups, refreshRollups } from '@/lib/rollups/refresh';
import { type CheckCounts, uptimePercent } from '@/lib/rollups/windows';
import { createTestUser } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// The rollups against the raw rows they summarize: every count read through them must
// equal a recount of `heartbeats`, whichever way the rows were written.

const sql = testSql();
afterAll(() => sql.end());

const MINUTE = 60_000;
const DAY = 86_400_000;

interface RawRow {
  time: number;
  status: 'up' | 'down' | 'timeout' | 'error';
  latency: number | null;
}

/** A deterministic history: a check every `every` ms over `days` days before `end`, with failures and a latency spread. */
function history(end: number, days: number, every: number, seed: number): RawRow[] {
  const rows: RawRow[] = [];
  let i = seed;
  for (let time = end - days * DAY; time < end; time += every) {
    i += 1;
    const status = i % 41 === 0 ? 'down' : i % 67 === 0 ? 'timeout' : i % 89 === 0 ? 'error' : 'up';
    rows.push({ time, status, latency: status === 'up' ? (i * 7919) % 900 + (i % 5 === 0 ? 3000 : 3) : null });
  }
  return rows;
}

function recount(rows: RawRow[], from: number, to: number): CheckCounts {
  const counts = { up: 0, down: 0, timeout: 0, error: 0 };
  for (const row of rows) if (row.time >= from && row.time < to) counts[row.status] += 1;
  return counts;
}

async function copyRows(monitorId: string, agentId: string, rows: RawRow[]) {
  const lines = rows.map((r) => `${new Date(r.time).toISOString()}\t${monitorId}\t${agentId}\t${r.status}\t${r.latency ?? '\\N'}\n`);
  const writable = await sql`COPY heartbeats (time, monitor_id, agent_id, status, latency_ms) FROM STDIN`.writable();
  await pipeline(Readable.from(lines), writable);
}

describe('latency histogram', () => {
  it('puts every latency in the same bucket as the database function does', async () => {
    const rows = await sql`SELECT ms, watchpost_latency_bucket(ms) AS bucket FROM generate_series(0, 120000) AS ms`;
    const mismatches = rows.filter((row) => bucketOf(row.ms) !== row.bucket).map((row) => row.ms);
    expect(mismatches).toEqual([]);
    const [big] = await sql`SELECT watchpost_latency_bucket(2147483647) AS bucket, watchpost_latency_bucket(-5) AS negative, watchpost_latency_bucket(NULL) AS none`;
    expect(big).toEqual({ bucket: bucketOf(2147483647), negative: 0, none: null });
  });
});

describe('rollups', () => {
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - 30_000;
  let owner: Awaited<ReturnType<typeof agentWithMonitors>>;
  let copied: RawRow[];
  let inserted: RawRow[];

  beforeAll(async () => {
    owner = await agentWithMonitors(3);
    await sql`UPDATE users SET plan = 'pro' WHERE id = ${owner.userId}`;
    // Monitor 0: 40 days loaded with COPY, as an operator restoring history would.
    copied = history(end, 40, 10 * MINUTE, 1);
    await copyRows(owner.monitorIds[0]!, owner.agentId, copied);
    // Monitor 1: plain INSERT … SELECT, then a late row into an hour that is already rolled up.
    inserted = history(end, 3, 5 * MINUTE, 7);
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
      SELECT t, ${owner.monitorIds[1]!}, ${owner.agentId}, s, l FROM jsonb_to_recordset(${sql.json(inserted.map((r) => ({ t: new Date(r.time).toISOString(), s: r.status, l: r.latency })))}::jsonb) AS x(t timestamptz, s text, l int)`;
    await refreshAllRollups();
  });

  it('equal a raw recount hour by hour, for rows written by COPY and by INSERT', async () => {
    const raw = await sql`
      SELECT monitor_id, date_bin('1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
             count(*) FILTER (WHERE status = 'up')::int AS up, count(*) FILTER (WHERE status <> 'up')::int AS failed,
             coalesce(sum(latency_ms) FILTER (WHERE status = 'up'), 0)::int AS latency_sum
      FROM heartbeats WHERE monitor_id IN ${sql(owner.monitorIds)} GROUP BY 1, 2 ORDER BY 1, 2`;
    const rolled = await sql`
      SELECT monitor_id, bucket AS hour, up_count AS up, (down_count + timeout_count + error_count) AS failed, latency_sum::int AS latency_sum
      FROM monitor_rollups_hourly WHERE monitor_id IN ${sql(owner.monitorIds)} ORDER BY 1, 2`;
    expect(raw.length).toBeGreaterThan(900);
    expect(rolled).toEqual(raw);
    const [daily] = await sql`SELECT sum(up_count)::int AS up, sum(down_count + timeout_count + error_count)::int AS failed FROM monitor_rollups_daily WHERE monitor_id = ${owner.monitorIds[0]!}`;
    const all = recount(copied, 0, Infinity);
    expect(daily).toEqual({ up: all.up, failed: all.down + all.timeout + all.error });
  });

  it('take in late rows, rows sent through ingest, and rows changed by hand', async () => {
    const hour = Math.floor((end - 2 * DAY) / 3_600_000) * 3_600_000;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms) VALUES (${new Date(hour + 1234).toISOString()}, ${owner.monitorIds[1]!}, ${owner.agentId}, 'down', NULL)`;
    inserted.push({ time: hour + 1234, status: 'down', latency: null });
    const response = await postHeartbeats(owner.token, { heartbeats: [{ monitorId: owner.monitorIds[2]!, time: at(end - 3 * 3_600_000, 0), status: 'up', latencyMs: 42 }] });
    expect(response.status).toBe(202);
    await sql`UPDATE heartbeats SET status = 'error' WHERE monitor_id = ${owner.monitorIds[0]!} AND time = ${new Date(copied[10]!.time).toISOString()}`;
    copied[10]!.status = 'error';
    copied[10]!.latency = null;
    await sql`UPDATE heartbeats SET latency_ms = NULL WHERE monitor_id = ${owner.monitorIds[0]!} AND time = ${new Date(copied[10]!.time).toISOString()}`;
    await refreshAllRollups();

    const stats = await windowStats(owner.teamId, owner.monitorIds, { from: new Date(end - 45 * DAY), to: new Date(end + MINUTE) });
    expect(pick(stats.get(owner.monitorIds[0]!)!)).toEqual(recount(copied, 0, Infinity));
    expect(pick(stats.get(owner.monitorIds[1]!)!)).toEqual(recount(inserted, 0, Infinity));
    expect(pick(stats.get(owner.monitorIds[2]!)!)).toEqual({ up: 1, down: 0, timeout: 0, error: 0 });
  });

  it('add new rows of an hour to its rollup exactly as a recount of the hour would count them', async () => {
    const monitorId = owner.monitorIds[2]!;
    const hour = Math.floor((end - 5 * 3_600_000) / 3_600_000) * 3_600_000;
    const rows = (from: number, latencies: (number | null)[]) =>
      latencies.map((latency, i) => ({ time: hour + (from + i) * MINUTE, status: latency === null ? 'down' : 'up', latency }) as RawRow);
    const hourRow = async () =>
      (await sql`SELECT up_count, down_count, latency_count, latency_sum::int, latency_min, latency_max, histogram_buckets, histogram_counts, counted_until
                 FROM monitor_rollups_hourly WHERE monitor_id = ${monitorId} AND bucket = ${new Date(hour).toISOString()}`)[0];
    const day = Math.floor(hour / DAY) * DAY;
    const dayRow = async () =>
      (await sql`SELECT up_count, down_count, timeout_count, error_count, latency_count, latency_sum::int, latency_min, latency_max, histogram_buckets, histogram_counts
                 FROM monitor_rollups_daily WHERE monitor_id = ${monitorId} AND bucket = ${new Date(day).toISOString()}`)[0];
    await copyRows(monitorId, owner.agentId, rows(1, [40, 41, 41, 300, 7]));
    await refreshAllRollups();
    // The day takes the hour's new counts added, not a recount of its hours: an offset
    // planted in its row stays through the additions, and a recount takes it away.
    await sql`UPDATE monitor_rollups_daily SET up_count = up_count + 1000 WHERE monitor_id = ${monitorId} AND bucket = ${new Date(day).toISOString()}`;
    await copyRows(monitorId, owner.agentId, rows(10, [41, null, 5000, 3, 41]));
    await copyRows(monitorId, owner.agentId, rows(20, [2, 2]));
    await refreshAllRollups();
    const added = await hourRow();
    expect(added).toMatchObject({ up_count: 11, down_count: 1, latency_count: 11, latency_min: 2, latency_max: 5000 });
    expect(new Date(added!.counted_until).getTime()).toBe(hour + 21 * MINUTE);
    const addedDay = await dayRow();
    // Recount the hour from scratch (what an UPDATE's mark does): nothing changes but the offset.
    await sql`INSERT INTO rollup_pending (monitor_ids, hours, earliest, pairs) VALUES (ARRAY[${monitorId}::uuid], ARRAY[${new Date(hour).toISOString()}::timestamptz], '{-infinity}', 1)`;
    await refreshAllRollups();
    expect(await hourRow()).toEqual(added);
    expect(await dayRow()).toEqual({ ...addedDay, up_count: addedDay!.up_count - 1000 });
  });

  it("recount a day instead of adding to it when two of its hours gain rows in one refresh, or its row is gone", async () => {
    const { agentId, monitorIds } = await agentWithMonitors(1);
    const monitorId = monitorIds[0]!;
    const hour = Math.floor((end - 2 * DAY) / DAY) * DAY + 5 * 3_600_000;
    const day = Math.floor(hour / DAY) * DAY;
    const rows = (at: number, n: number) => Array.from({ length: n }, (_, i) => ({ time: at + i * MINUTE, status: 'up', latency: 20 + i }) as RawRow);
    const dayRow = async () =>
      (await sql`SELECT up_count, latency_count, latency_sum::int, histogram_counts FROM monitor_rollups_daily WHERE monitor_id = ${monitorId} AND bucket = ${new Date(day).toISOString()}`)[0];
    const written: RawRow[] = [];
    const write = async (more: RawRow[]) => {
      written.push(...more);
      await copyRows(monitorId, agentId, more);
    };
    await write([...rows(hour, 3), ...rows(hour + 3_600_000, 3)]);
    await refreshAllRollups();
    const fromHours = async () =>
      (await sql`SELECT sum(up_count)::int AS up_count, sum(latency_count)::int AS latency_count, sum(latency_sum)::int AS latency_sum
                 FROM monitor_rollups_hourly WHERE monitor_id = ${monitorId} AND bucket >= ${new Date(day).toISOString()} AND bucket < ${new Date(day + DAY).toISOString()}`)[0];
    // Two hours of the day gain rows in the same refresh.
    await sql`UPDATE monitor_rollups_daily SET up_count = up_count + 1000 WHERE monitor_id = ${monitorId} AND bucket = ${new Date(day).toISOString()}`;
    await write([...rows(hour + 10 * MINUTE, 2), ...rows(hour + 3_600_000 + 10 * MINUTE, 2)]);
    await refreshAllRollups();
    expect(await dayRow()).toMatchObject((await fromHours())!);
    // The day's row is gone (by hand): the next addition to one of its hours writes it whole.
    await sql`DELETE FROM monitor_rollups_daily WHERE monitor_id = ${monitorId} AND bucket = ${new Date(day).toISOString()}`;
    await write(rows(hour + 20 * MINUTE, 2));
    await refreshAllRollups();
    expect(await dayRow()).toMatchObject((await fromHours())!);
    expect((await dayRow())!.up_count).toBe(recount(written, day, day + DAY).up);
  });

  it('give every window the counts a raw recount gives: ragged edges, whole hours and whole days', async () => {
    const now = new Date(end + MINUTE);
    const windows = [
      [end - DAY, end],
      [end - 7 * DAY, end],
      [end - 30 * DAY, end],
      [end - 90 * DAY, end],
      [end - 36 * DAY - 17 * MINUTE, end - 2 * DAY - 3 * 3_600_000 + 7 * MINUTE],
      [end - 5 * MINUTE, end],
      [end - 100 * DAY, end - 60 * DAY], // no data at all
    ];
    for (const [from, to] of windows) {
      const stats = await windowStats(owner.teamId, [owner.monitorIds[0]!], { from: new Date(from!), to: new Date(to!) }, now);
      expect(pick(stats.get(owner.monitorIds[0]!)!), `window ${new Date(from!).toISOString()}…${new Date(to!).toISOString()}`).toEqual(recount(copied, from!, to!));
    }
  });

  it('report percentiles within the stated bound of a brute-force computation, and exact below 25 ms', async () => {
    const series = await monitorSeries(owner.teamId, owner.monitorIds[0]!, { from: new Date(end - 30 * DAY), to: new Date(end) }, new Date(end + MINUTE));
    expect(series.points.length).toBeLessThanOrEqual(500);
    const latencies = copied.filter((r) => r.time >= end - 30 * DAY && r.time < end && r.status === 'up').map((r) => r.latency!).sort((a, b) => a - b);
    const exact = (p: number) => latencies[Math.max(1, Math.ceil((p / 100) * latencies.length)) - 1]!;
    const measured = percentiles(series.total.histogram, [50, 95, 99]);
    for (const p of [50, 95, 99] as const) {
      const truth = exact(p);
      expect(Math.abs(measured[p]! - truth) / truth, `p${p}: ${measured[p]} vs ${truth}`).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND);
    }
    expect(percentiles(histogramOf([3, 7, 7, 12, 24]), [20, 50, 100])).toEqual({ 20: 3, 50: 7, 100: 24 });
    expect(percentiles(histogramOf([]), [50])).toEqual({ 50: null });
    // The series' steps sum to the whole window.
    expect(series.total.counts).toEqual(recount(copied, end - 30 * DAY, end));
  });

  it('keep 90-day numbers right after retention deleted the raw rows', async () => {
    await sql`UPDATE users SET plan = 'free' WHERE id = ${owner.userId}`;
    const before = await windowStats(owner.teamId, [owner.monitorIds[0]!], { from: new Date(end - 90 * DAY), to: new Date(end) });
    expect(await deleteExpiredHeartbeats()).toBeGreaterThan(0);
    const [oldest] = await sql`SELECT min(time) AS t FROM heartbeats WHERE monitor_id = ${owner.monitorIds[0]!}`;
    expect(Date.now() - new Date(oldest!.t).getTime()).toBeLessThan(30 * DAY + MINUTE);
    await refreshAllRollups();
    const after = await windowStats(owner.teamId, [owner.monitorIds[0]!], { from: new Date(end - 90 * DAY), to: new Date(end) });
    expect(after).toEqual(before);
    const bars = await dailyBars(owner.teamId, owner.monitorIds[0]!, 'Europe/Berlin', 90, new Date(end));
    expect(bars).toHaveLength(90);
    expect(bars.reduce((sum, bar) => sum + bar.up + bar.down + bar.timeout + bar.error, 0)).toBe(copied.filter((r) => r.time < end).length);
    expect(bars.slice(0, 48).every((bar) => bar.up + bar.down === 0)).toBe(true);
  });

  it('never make ingest wait for a refresh in progress (its foreign-key locks on monitors)', async () => {
    const holder = testSql();
    try {
      await holder.begin(async (tx) => {
        // What the refresh's upsert does: a foreign-key check that holds KEY SHARE on the monitor.
        await tx`INSERT INTO monitor_rollups_hourly (monitor_id, bucket) VALUES (${owner.monitorIds[2]!}, '2001-01-01T00:00:00Z')`;
        const answer = await Promise.race([
          postHeartbeats(owner.token, { heartbeats: [{ monitorId: owner.monitorIds[2]!, time: at(end - 2 * 3_600_000, 0), status: 'down' }] }),
          new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5000)),
        ]);
        expect(answer === 'blocked' ? answer : answer.status).toBe(202);
        throw new Error('roll back');
      }).catch((error: Error) => expect(error.message).toBe('roll back'));
    } finally {
      await holder.end();
    }
  });

  it('take every mark of the hours a refresh takes, so an hour marked by many statements is counted once', async () => {
    const { agentId, monitorIds } = await agentWithMonitors(1);
    const monitorId = monitorIds[0]!;
    const first = Math.floor((end - 10 * 3_600_000) / 3_600_000) * 3_600_000;
    await refreshAllRollups();
    // Three hours, each written by 8 statements (8 marks), as 8 batches between two refreshes would.
    const written: RawRow[] = [];
    for (let k = 0; k < 8; k++) {
      const rows = [0, 1, 2].map((h) => ({ time: first + h * 3_600_000 + k * MINUTE, status: k === 7 ? 'down' : 'up', latency: k === 7 ? null : 10 + k }) as RawRow);
      written.push(...rows);
      for (const row of rows) await copyRows(monitorId, agentId, [row]);
    }
    const marks = async () => (await sql`SELECT count(*)::int AS marks, count(DISTINCT u.hour)::int AS hours FROM rollup_pending p, unnest(p.hours) AS u(hour)`)[0];
    expect(await marks()).toEqual({ marks: 24, hours: 3 });
    // Two hours of three: every one of their marks goes, the third hour's 8 are put back as one.
    expect(await refreshRollups({ maxHours: 2, wait: true })).toMatchObject({ hours: 2, more: true });
    expect(await marks()).toEqual({ marks: 1, hours: 1 });
    expect(await refreshRollups({ maxHours: 2, wait: true })).toMatchObject({ hours: 1, more: false });
    expect(await marks()).toEqual({ marks: 0, hours: 0 });
    const hours = await sql`SELECT (extract(epoch FROM bucket) * 1000)::float8 AS hour, up_count, down_count, latency_count, latency_sum::int
                            FROM monitor_rollups_hourly WHERE monitor_id = ${monitorId} ORDER BY bucket`;
    expect(hours).toEqual([0, 1, 2].map((h) => {
      const rows = written.filter((row) => row.time >= first + h * 3_600_000 && row.time < first + (h + 1) * 3_600_000);
      const up = rows.filter((row) => row.status === 'up');
      return { hour: first + h * 3_600_000, up_count: up.length, down_count: rows.length - up.length, latency_count: up.length, latency_sum: up.reduce((sum, row) => sum + row.latency!, 0) };
    }));
  });

  it('mark once per statement (a batch of many monitors is one mark) and take the marks in order, up to maxMarked pairs', async () => {
    const { token, monitorIds } = await agentWithMonitors(3);
    await refreshAllRollups();
    const hour = Math.floor((end - 5 * 3_600_000) / 3_600_000) * 3_600_000;
    for (let k = 0; k < 2; k++) {
      const heartbeats = monitorIds.map((monitorId, i) => ({ monitorId, time: new Date(hour + k * MINUTE + i * 1000).toISOString(), status: 'up', latencyMs: 10 + k }));
      expect((await postHeartbeats(token, { heartbeats })).status).toBe(202);
    }
    const queue = async () => sql`SELECT pairs, cardinality(monitor_ids)::int AS monitors FROM rollup_pending ORDER BY id`;
    expect(await queue()).toEqual([{ pairs: 3, monitors: 3 }, { pairs: 3, monitors: 3 }]);
    // Room for 3 pairs: the first batch's mark; the second waits for the next refresh.
    expect(await refreshRollups({ maxMarked: 3, wait: true })).toMatchObject({ hours: 3, more: true });
    expect(await queue()).toEqual([{ pairs: 3, monitors: 3 }]);
    expect(await refreshRollups({ maxMarked: 3, wait: true })).toMatchObject({ hours: 3, more: false });
    expect(await queue()).toEqual([]);
    const hours = await sql`SELECT up_count, latency_sum::int FROM monitor_rollups_hourly WHERE monitor_id = ANY(${monitorIds}::uuid[]) AND bucket = ${new Date(hour)}`;
    expect(hours).toEqual(monitorIds.map(() => ({ up_count: 2, latency_sum: 21 })));
  });

  it('put the hours beyond maxHours back at the head of the queue, so newer marks never starve them', async () => {
    const { token, monitorIds } = await agentWithMonitors(2);
    const [low, high] = [...monitorIds].sort();
    await refreshAllRollups();
    const hour = Math.floor((end - 4 * 3_600_000) / 3_600_000) * 3_600_000;
    const batch = async (k: number) => {
      const heartbeats = [low!, high!].map((monitorId) => ({ monitorId, time: new Date(hour + k * MINUTE).toISOString(), status: 'up', latencyMs: 10 }));
      expect((await postHeartbeats(token, { heartbeats })).status).toBe(202);
    };
    const counted = async () => {
      const rows = await sql`SELECT monitor_id, up_count FROM monitor_rollups_hourly WHERE monitor_id = ANY(${[low!, high!]}::uuid[]) AND bucket = ${new Date(hour)}`;
      return Object.fromEntries(rows.map((row) => [row.monitor_id === low ? 'low' : 'high', row.up_count]));
    };
    await batch(0);
    // One hour of two: the first in (hour, monitor) order; the other goes back.
    expect(await refreshRollups({ maxHours: 1, wait: true })).toMatchObject({ hours: 1, more: true });
    expect(await counted()).toEqual({ low: 1 });
    await batch(1);
    expect((await sql`SELECT pairs FROM rollup_pending ORDER BY id`).map((row) => row.pairs)).toEqual([1, 2]);
    // The hour put back goes first, with the newer mark's row for it merged in.
    expect(await refreshRollups({ maxHours: 1, wait: true })).toMatchObject({ hours: 1, more: true });
    expect(await counted()).toEqual({ low: 1, high: 2 });
    await refreshAllRollups();
    expect(await counted()).toEqual({ low: 2, high: 2 });
  });

  it("take a bulk load's mark alone, and put what is beyond maxHours back in marks of maxHours, each taken alone", async () => {
    const { agentId, monitorIds } = await agentWithMonitors(4);
    await refreshAllRollups();
    // One statement: 4 monitors × 6,250 hours (260 days back), 25,000 (monitor, hour) pairs, one mark.
    const first = Math.floor(end / 3_600_000) * 3_600_000 - 6_300 * 3_600_000;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
      SELECT ${new Date(first)}::timestamptz + make_interval(hours => n), m, ${agentId}, 'up', 7
      FROM unnest(${monitorIds}::uuid[]) AS m, generate_series(0, 6249) AS n`;
    // And a small statement after it.
    await copyRows(monitorIds[0]!, agentId, [{ time: end - 3_600_000, status: 'up', latency: 9 }]);
    const queue = async () => (await sql`SELECT pairs FROM rollup_pending ORDER BY id`).map((row) => row.pairs);
    expect(await queue()).toEqual([25_000, 1]);
    // The bulk mark alone: 10,000 hours; the 15,000 left go back as 10,000 at the head and 5,000 after the small mark.
    expect(await refreshRollups({ maxHours: 10_000, wait: true })).toMatchObject({ hours: 10_000, more: true });
    expect(await queue()).toEqual([10_000, 1, 5_000]);
    // The piece at the head alone, none of it put back; then the rest.
    expect(await refreshRollups({ maxHours: 10_000, wait: true })).toMatchObject({ hours: 10_000, more: true });
    expect(await queue()).toEqual([1, 5_000]);
    expect(await refreshRollups({ maxHours: 10_000, wait: true })).toMatchObject({ hours: 5_001, more: false });
    const [counted] = await sql`SELECT count(*)::int AS hours, sum(up_count)::int AS up FROM monitor_rollups_hourly WHERE monitor_id = ANY(${monitorIds}::uuid[])`;
    expect(counted).toEqual({ hours: 25_001, up: 25_001 });
  });

  it("show another user nothing of these monitors", async () => {
    const stranger = await createTestUser('stranger');
    const stats = await windowStats(stranger.teamId, owner.monitorIds, { from: new Date(end - 90 * DAY), to: new Date(end) });
    for (const id of owner.monitorIds) expect(uptimePercent(stats.get(id)!)).toBeNull();
    const series = await monitorSeries(stranger.teamId, owner.monitorIds[0]!, { from: new Date(end - DAY), to: new Date(end) });
    expect(series.points).toEqual([]);
    const bars = await dailyBars(stranger.teamId, owner.monitorIds[0]!, 'UTC', 90);
    expect(bars.every((bar) => bar.up === 0 && bar.incidents === 0)).toBe(true);
  });
});

function pick(stats: CheckCounts): CheckCounts {
  return { up: stats.up, down: stats.down, timeout: stats.timeout, error: stats.error };
}

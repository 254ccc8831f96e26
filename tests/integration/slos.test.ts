import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSlo, listSlos } from '@/db/queries/slos';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { badShare, BURN_WINDOW_NAMES, BURN_WINDOWS, sloPeriod } from '@/lib/slo/compute';
import { createSlo, deleteSlo, updateSlo } from '@/lib/slo/manage';
import { burnDown, sloStatuses } from '@/lib/slo/reads';
import { runSloAlerts } from '@/lib/slo/round';
import { sloSchema } from '@/lib/slo/schemas';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { addComponent, createStatusPage } from '@/lib/status-pages/manage';
import { componentFormSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { statusPageBySlug } from '@/db/queries/status-pages';
import { loadPublicStatusPage } from '@/lib/status-pages/public-view';
import { statusPageHtml } from '@/lib/status-pages/render-html';
import { refusal, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors } from '../helpers/ingest';
import { notifyLocally } from '../helpers/notify-env';
import { startReceiver } from '../helpers/receiver';
import { deliverDue } from '@/lib/notifications/worker';
import { testSql } from '../helpers/sql';

// SLOs against a brute-force recount from the raw heartbeats: random histories with
// failures, degraded periods and maintenance, and every number (counts, attainment, budget,
// burn rates) recomputed here from the rows themselves.

const sql = testSql();
afterAll(() => sql.end());

const MINUTE = 60_000;
const DAY = 86_400_000;
type Status = 'up' | 'down' | 'timeout' | 'error';
interface Row {
  time: number;
  status: Status;
}
interface Span {
  from: number;
  to: number;
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks every 60 s over the last 4 days and every 10 min before, for `days`; failures come in bursts. */
function history(now: number, days: number, seed: number): Row[] {
  const next = random(seed);
  const rows: Row[] = [];
  let burst = 0;
  for (let time = now - days * DAY; time < now - 5_000; time += time < now - 4 * DAY ? 10 * MINUTE : MINUTE) {
    if (burst === 0 && next() < 0.01) burst = 1 + Math.floor(next() * 30);
    const status: Status = burst > 0 ? (['down', 'timeout', 'error'] as const)[Math.floor(next() * 3)]! : next() < 0.003 ? 'error' : 'up';
    if (burst > 0) burst -= 1;
    rows.push({ time: time + Math.floor(next() * 20_000), status });
  }
  return rows;
}

const inside = (time: number, spans: Span[]) => spans.some((span) => time >= span.from && time < span.to);

function recount(rows: Row[], range: Span, maintenance: Span[], degraded: Span[] | null) {
  let good = 0;
  let bad = 0;
  for (const row of rows) {
    if (row.time < range.from || row.time >= range.to || inside(row.time, maintenance)) continue;
    if (row.status === 'up' && !(degraded && inside(row.time, degraded))) good += 1;
    else bad += 1;
  }
  return { good, bad };
}

async function copyRows(monitorId: string, agentId: string, rows: Row[]) {
  const lines = rows.map((r) => `${new Date(r.time).toISOString()}\t${monitorId}\t${agentId}\t${r.status}\t${r.status === 'up' ? 40 : '\\N'}\n`);
  await pipeline(Readable.from(lines), await sql`COPY heartbeats (time, monitor_id, agent_id, status, latency_ms) FROM STDIN`.writable());
}

describe('SLO numbers against a recount of the raw heartbeats', () => {
  const now = Date.now();
  let owner: Awaited<ReturnType<typeof agentWithMonitors>>;
  const rows: Row[][] = [];
  const degraded: Span[][] = [];
  let maintenance: Span[];

  beforeAll(async () => {
    owner = await agentWithMonitors(3);
    await sql`UPDATE monitors SET created_at = ${new Date(now - 120 * DAY)}, interval_seconds = 60 WHERE id IN ${sql(owner.monitorIds)}`;
    await sql`UPDATE teams SET time_zone = 'America/New_York' WHERE id = ${owner.teamId}`;
    for (const [i, monitorId] of owner.monitorIds.entries()) {
      rows.push(history(now, 95, 11 + i * 7));
      await copyRows(monitorId, owner.agentId, rows[i]!);
      const next = random(101 + i);
      const spans: Span[] = [];
      for (let k = 0; k < 6; k++) {
        const from = now - Math.floor(next() * 20 * DAY) - (k === 0 ? 0 : DAY);
        spans.push({ from, to: from + Math.floor(next() * 6 * 60 * MINUTE) + MINUTE });
      }
      spans.push({ from: now - 50 * MINUTE, to: now + DAY }); // open, reaching now
      degraded.push(spans);
      for (const span of spans) {
        await sql`INSERT INTO degraded_periods (monitor_id, started_at, ended_at) VALUES (${monitorId}, ${new Date(span.from)}, ${span.to > now ? null : new Date(span.to)})`;
      }
    }
    // Maintenance over all three: 5 hours 10 days ago and 20 minutes inside the last hour.
    maintenance = [
      { from: now - 10 * DAY, to: now - 10 * DAY + 5 * 60 * MINUTE },
      { from: now - 40 * MINUTE, to: now - 20 * MINUTE },
    ];
    const [window] = await sql`INSERT INTO maintenance_windows (user_id, team_id, title, time_zone, starts_at_local, duration_minutes) VALUES (${owner.userId}, ${owner.teamId}, 'Upgrade', 'UTC', '2026-01-01T00:00', 60) RETURNING id`;
    for (const id of owner.monitorIds) await sql`INSERT INTO maintenance_window_monitors (window_id, monitor_id) VALUES (${window!.id}, ${id})`;
    for (const span of maintenance) await sql`INSERT INTO maintenance_occurrences (window_id, starts_at, ends_at) VALUES (${window!.id}, ${new Date(span.from)}, ${new Date(span.to)})`;
    await refreshAllRollups();
  });

  const degradedUntilNow = (i: number) => degraded[i]!.map((span) => ({ from: span.from, to: Math.min(span.to, now) }));

  it.each([
    ['30d', 99.9, false, [0]],
    ['7d', 99.5, true, [1]],
    ['90d', 100, false, [2]],
    ['month', 99.95, true, [0]],
    ['quarter', 98, false, [1]],
    ['28d', 99, true, [2]],
  ] as const)('window %s, target %d, degraded counted as down: %s', async (window, target, asDown, monitors) => {
    const ctx = teamCtx(owner.userId);
    const { id } = await createSlo({ ctx, input: sloSchema.parse({ name: `slo ${window} ${target}`, target, window, degradedCountsAsDown: asDown, monitorId: owner.monitorIds[monitors[0]] }) });
    const slo = (await getSlo(owner.teamId, id))!;
    const [status] = await sloStatuses([slo], new Date(now));
    const i = monitors[0];
    const period = sloPeriod(window, new Date(now), 'America/New_York');
    const expected = recount(rows[i]!, { from: period.from.getTime(), to: now }, maintenance, asDown ? degradedUntilNow(i) : null);
    expect(status!.counts).toEqual(expected);
    const total = expected.good + expected.bad;
    expect(status!.attainment).toBe(Math.floor((expected.good * 100_000) / total) / 1000);
    // The budget: (100 − target) % of the checks counted, and those the interval expects until the window ends.
    const checksInWindow = total + Math.floor((period.end.getTime() - now) / MINUTE);
    expect(status!.budget.allowed).toBeCloseTo(checksInWindow * badShare(target), 6);
    expect(status!.budget.used).toBe(expected.bad);
    expect(status!.budget.allowedMinutes).toBeCloseTo(((period.end.getTime() - period.from.getTime()) / MINUTE) * badShare(target), 6);
    expect(status!.budget.exhausted).toBe(expected.bad > 0 && expected.bad >= checksInWindow * badShare(target));
    for (const name of BURN_WINDOW_NAMES) {
      const counts = recount(rows[i]!, { from: now - BURN_WINDOWS[name], to: now }, maintenance, asDown ? degradedUntilNow(i) : null);
      const rate = target === 100 || counts.good + counts.bad === 0 ? null : counts.bad / (counts.good + counts.bad) / badShare(target);
      if (rate === null) expect(status!.burn[name], name).toBeNull();
      else expect(status!.burn[name], name).toBeCloseTo(rate, 9);
    }
    // The burn-down ends where the budget is now.
    const chart = await burnDown(status!, new Date(now));
    if (target === 100) expect(chart.points.at(-1)?.leftShare ?? null).toBeNull();
    else expect(chart.points.at(-1)!.left).toBeCloseTo(status!.budget.left, 6);
  });

  it('counts a status page component as the sum of its monitors', async () => {
    const ctx = teamCtx(owner.userId);
    const page = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Public', slug: `slo-${owner.teamId.slice(0, 8)}` }) });
    const component = await addComponent({ ctx, input: { ...componentFormSchema.parse({ name: 'API', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }), pageId: page.id } });
    const { id } = await createSlo({ ctx, input: sloSchema.parse({ name: 'API availability', target: 99.5, window: '30d', componentId: component.id }) });
    const [status] = await sloStatuses([(await getSlo(owner.teamId, id))!], new Date(now));
    const range = { from: now - 30 * DAY, to: now };
    const a = recount(rows[0]!, range, maintenance, null);
    const b = recount(rows[1]!, range, maintenance, null);
    expect(status!.counts).toEqual({ good: a.good + b.good, bad: a.bad + b.bad });
    expect(status!.slo.subject).toBe('Public › API');
    expect(status!.budget.allowed).toBeCloseTo((a.good + a.bad + b.good + b.bad) * badShare(99.5), 6);

    // The public page shows it only when the owner turns it on, and only the target and the verdict.
    const record = async () => (await statusPageBySlug(`slo-${owner.teamId.slice(0, 8)}`))!;
    expect(statusPageHtml(await loadPublicStatusPage(await record(), { now: new Date(now) }))).not.toContain('data-testid="status-slo"');
    await sql`UPDATE status_pages SET slo_days = 30 WHERE id = ${page.id}`;
    const html = statusPageHtml(await loadPublicStatusPage(await record(), { now: new Date(now) }));
    const attained = Math.floor((status!.counts.good * 100_000) / (status!.counts.good + status!.counts.bad)) / 1000;
    expect(html).toContain(`${attained.toFixed(3)} % over the last 30 days · target 99.5 % · <strong class="${attained >= 99.5 ? '' : 'missed'}">${attained >= 99.5 ? 'met' : 'not met'}</strong>`);
    expect(html).not.toContain('API availability');
  });
});

let receiver: Awaited<ReturnType<typeof startReceiver>>;
afterAll(() => receiver?.stop());

/** A webhook on the default events that covers `monitorIds`. */
async function hook(userId: string, name: string, monitorIds: string[]) {
  const parsed = parseKindFields('webhook', { url: `${receiver.url}/${name}` }, false);
  if ('problems' in parsed) throw new Error('hook');
  return createChannel({ ctx: teamCtx(userId), input: { name, kind: 'webhook', allMonitors: false, monitorIds, ...parsed } });
}

describe('SLO alerts', () => {
  beforeAll(async () => {
    notifyLocally();
    receiver = await startReceiver();
  });

  it('tells slo.burning once per episode and slo.exhausted once, through the channels that cover the monitor', async () => {
    const owner = await agentWithMonitors(2);
    const ctx = teamCtx(owner.userId);
    const now = Date.now();
    await sql`UPDATE monitors SET created_at = ${new Date(now - 40 * DAY)}, interval_seconds = 60 WHERE id IN ${sql(owner.monitorIds)}`;
    // 3 days all up, then the last 20 minutes failing: a fast burn, and a 99.99 % budget (4.3 checks) spent.
    const good: Row[] = [];
    for (let t = now - 3 * DAY; t < now - 20 * MINUTE; t += MINUTE) good.push({ time: t, status: 'up' });
    for (let t = now - 20 * MINUTE; t < now - 1000; t += MINUTE) good.push({ time: t, status: 'down' });
    await copyRows(owner.monitorIds[0]!, owner.agentId, good);
    await refreshAllRollups();
    const covering = await hook(owner.userId, 'ops', [owner.monitorIds[0]!]);
    const other = await hook(owner.userId, 'other', [owner.monitorIds[1]!]);
    await createSlo({ ctx, input: sloSchema.parse({ name: 'Checkout', target: 99.99, window: '30d', monitorId: owner.monitorIds[0] }) });
    await createSlo({ ctx, input: sloSchema.parse({ name: 'Quiet one', target: 99, window: '30d', monitorId: owner.monitorIds[1] }) });

    const events = async () =>
      sql`SELECT e.kind, d.channel_id, e.payload FROM notification_events e JOIN notification_deliveries d ON d.event_id = e.id WHERE e.team_id = ${owner.teamId} AND e.kind LIKE 'slo.%' ORDER BY e.kind`;
    await runSloAlerts(new Date(now));
    let told = await events();
    expect(told.map((e) => [e.kind, e.channel_id])).toEqual([
      ['slo.burning', covering.id],
      ['slo.exhausted', covering.id],
    ]);
    expect(told[0]!.payload.slo).toMatchObject({ name: 'Checkout', target: 99.99, alert: 'fast' });
    expect(told.some((e) => e.channel_id === other.id)).toBe(false);
    // What the channel receives says which SLO, how fast it burns and what is left.
    await deliverDue();
    const bodies = receiver.received.filter((r) => r.path === '/ops').map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type).sort()).toEqual(['slo.burning', 'slo.exhausted']);
    const burning = bodies.find((b) => b.type === 'slo.burning')!;
    expect(burning.data).toMatchObject({ title: 'SLO burning: Checkout', url: `https://watch.example/slos/${told[0]!.payload.slo.id}` });
    expect(burning.data.summary).toMatch(/is spending its error budget \d+(\.\d)?× as fast as the target allows \(over the last hour\); 0\.0 % of the budget is left\./);
    expect(bodies.find((b) => b.type === 'slo.exhausted')!.data.title).toBe('SLO budget used up: Checkout');
    // The next round, and a round by another leader, tell nothing new.
    await Promise.all([runSloAlerts(new Date(now + 1000)), runSloAlerts(new Date(now + 1000))]);
    told = await events();
    expect(told).toHaveLength(2);
    const [state] = await sql`SELECT burning_since, exhausted_at FROM slos WHERE team_id = ${owner.teamId} AND name = 'Checkout'`;
    expect(state!.burning_since).not.toBeNull();
    expect(state!.exhausted_at).not.toBeNull();
    // Two hours on, all up again: the short windows calm down, the episode ends (the budget stays spent).
    const later = now + 2 * 60 * MINUTE;
    const after: Row[] = [];
    for (let t = now; t < later; t += MINUTE) after.push({ time: t, status: 'up' });
    await copyRows(owner.monitorIds[0]!, owner.agentId, after);
    await refreshAllRollups();
    await runSloAlerts(new Date(later));
    const [calm] = await sql`SELECT burning_since, exhausted_at FROM slos WHERE team_id = ${owner.teamId} AND name = 'Checkout'`;
    expect(calm!.burning_since).toBeNull();
    expect(calm!.exhausted_at).not.toBeNull();
    expect(await events()).toHaveLength(2);
  });
});

describe('SLO bad input', () => {
  it('refuses a target of 0 or 101 %, allows 100 %, and names the field', () => {
    const base = { name: 'x', window: '30d', monitorId: '00000000-0000-4000-8000-000000000000' };
    for (const target of [0, 101, -1, 99.9999, 'abc']) {
      const parsed = sloSchema.safeParse({ ...base, target });
      expect(parsed.success, String(target)).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(['target']);
    }
    expect(sloSchema.parse({ ...base, target: 100 }).target).toBe(100);
    expect(sloSchema.safeParse({ ...base, target: 99.9, window: '31d' }).success).toBe(false);
    expect(sloSchema.safeParse({ ...base, target: 99.9, monitorId: null }).success).toBe(false);
  });

  it('keeps SLOs to their team: another team’s monitor, SLO or duplicate name is refused and changes nothing', async () => {
    const owner = await agentWithMonitors(1);
    const stranger = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const { id } = await createSlo({ ctx, input: sloSchema.parse({ name: 'Mine', target: 99.9, window: '30d', monitorId: owner.monitorIds[0] }) });
    expect((await refusal(createSlo({ ctx, input: sloSchema.parse({ name: 'Mine', target: 99, window: '7d', monitorId: owner.monitorIds[0] }) }))).code).toBe('CONFLICT');
    const strangerCtx = teamCtx(stranger.userId);
    expect((await refusal(createSlo({ ctx: strangerCtx, input: sloSchema.parse({ name: 'Theirs', target: 99, window: '7d', monitorId: owner.monitorIds[0] }) }))).code).toBe('NOT_FOUND');
    const input = sloSchema.parse({ name: 'Taken over', target: 90, window: '7d', monitorId: stranger.monitorIds[0] });
    expect((await refusal(updateSlo({ ctx: strangerCtx, input: { ...input, sloId: id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(deleteSlo({ ctx: strangerCtx, input: { sloId: id } }))).code).toBe('NOT_FOUND');
    expect(await getSlo(stranger.teamId, id)).toBeNull();
    expect(await listSlos(stranger.teamId)).toEqual([]);
    expect((await getSlo(owner.teamId, id))!).toMatchObject({ name: 'Mine', target: 99.9, window: '30d' });
    // A 100 % target is allowed: nothing may fail, and the budget is 0.
    const strict = await createSlo({ ctx, input: sloSchema.parse({ name: 'Strict', target: 100, window: '7d', monitorId: owner.monitorIds[0] }) });
    const [status] = await sloStatuses([(await getSlo(owner.teamId, strict.id))!]);
    expect(status!.budget).toMatchObject({ allowed: 0, leftShare: null });
  });
});

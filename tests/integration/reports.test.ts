import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as apiReport } from '@/app/api/v1/reports/route';
import { GET as apiSummary } from '@/app/api/v1/monitors/[id]/summary/route';
import { createApiToken } from '@/lib/api/tokens';
import { monitorSummary } from '@/lib/monitors/summary';
import { buildReport } from '@/lib/reports/build';
import { reportCsv } from '@/lib/reports/csv';
import { periodOfDays } from '@/lib/reports/period';
import { reportPdf } from '@/lib/reports/pdf';
import { reportQuerySchema } from '@/lib/reports/schemas';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { createSlo } from '@/lib/slo/manage';
import { sloSchema } from '@/lib/slo/schemas';
import { teamCtx } from '../helpers/fixtures';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// A month's report against the monitor page's and the API's numbers for the same window: the
// month of November 2026 in New York (DST ends on the 1st: a 25-hour day), with maintenance,
// incidents, and a monitor created in the middle of the month.

const sql = testSql();
afterAll(() => sql.end());

const MINUTE = 60_000;
const ZONE = 'America/New_York';
const NOW = new Date('2026-12-02T15:00:00Z');
const month = periodOfDays('2026-11-01', '2026-11-30', ZONE);

async function copyRows(monitorId: string, agentId: string, rows: { time: number; status: string; latency: number | null }[]) {
  const lines = rows.map((r) => `${new Date(r.time).toISOString()}\t${monitorId}\t${agentId}\t${r.status}\t${r.latency ?? '\\N'}\n`);
  await pipeline(Readable.from(lines), await sql`COPY heartbeats (time, monitor_id, agent_id, status, latency_ms) FROM STDIN`.writable());
}

describe('a month’s report', () => {
  let owner: Awaited<ReturnType<typeof agentWithMonitors>>;
  const created = new Date('2026-11-15T17:30:00Z');

  beforeAll(async () => {
    owner = await agentWithMonitors(2);
    const [old, young] = owner.monitorIds as [string, string];
    await sql`UPDATE teams SET time_zone = ${ZONE} WHERE id = ${owner.teamId}`;
    await sql`UPDATE monitors SET name = 'Checkout API', interval_seconds = 300, created_at = '2026-10-01T00:00:00Z' WHERE id = ${old}`;
    await sql`UPDATE monitors SET name = '=HYPERLINK("http://evil")', interval_seconds = 300, created_at = ${created} WHERE id = ${young}`;
    // Every 5 minutes from Oct 25 (before the month) to Dec 2; failures now and then, latencies spread.
    const rows = (from: number, seed: number) => {
      const list: { time: number; status: string; latency: number | null }[] = [];
      let i = seed;
      for (let t = from; t < NOW.getTime(); t += 5 * MINUTE) {
        i += 1;
        const status = i % 97 === 0 ? 'down' : i % 131 === 0 ? 'timeout' : 'up';
        list.push({ time: t, status, latency: status === 'up' ? 20 + ((i * 7919) % 400) : null });
      }
      return list;
    };
    await copyRows(old, owner.agentId, rows(Date.parse('2026-10-25T00:00:00Z'), 3));
    await copyRows(young, owner.agentId, rows(created.getTime(), 5));
    // Incidents: one inside the month (acknowledged after 4 min), one across its start, one open.
    await sql`INSERT INTO incidents (monitor_id, started_at, resolved_at, ttr_seconds, acknowledged_at, status)
      VALUES (${old}, '2026-11-03T10:00:00Z', '2026-11-03T10:42:00Z', 2520, '2026-11-03T10:04:00Z', 'resolved'),
             (${old}, '2026-10-31T23:00:00Z', '2026-11-01T05:30:00Z', 23400, NULL, 'resolved'),
             (${young}, '2026-11-29T12:00:00Z', '2026-11-29T12:20:00Z', 1200, '2026-11-29T12:01:00Z', 'resolved')`;
    // Maintenance: 3 hours on Nov 10 over the old monitor (its checks are not counted).
    const [window] = await sql`INSERT INTO maintenance_windows (user_id, team_id, title, time_zone, starts_at_local, duration_minutes) VALUES (${owner.userId}, ${owner.teamId}, 'Upgrade', 'UTC', '2026-11-10T08:00', 180) RETURNING id`;
    await sql`INSERT INTO maintenance_window_monitors (window_id, monitor_id) VALUES (${window!.id}, ${old})`;
    await sql`INSERT INTO maintenance_occurrences (window_id, starts_at, ends_at) VALUES (${window!.id}, '2026-11-10T08:00:00Z', '2026-11-10T11:00:00Z')`;
    await refreshAllRollups();
    await createSlo({ ctx: teamCtx(owner.userId), input: sloSchema.parse({ name: 'Checkout 99.5', target: 99.5, window: 'month', monitorId: old }) });
  });

  it('has, for each monitor, exactly the numbers of its page and of the API for the same window', async () => {
    const report = (await buildReport(owner.teamId, { kind: 'team' }, { fromDay: '2026-11-01', toDay: '2026-11-30' }, NOW))!;
    expect(report.timeZone).toBe(ZONE);
    expect(report.from.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(report.to.toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(report.days).toHaveLength(30);
    const token = (await createApiToken({ ctx: teamCtx(owner.userId), input: { name: 'reports', role: 'viewer', expiresAt: null } })).token;
    for (const monitorId of owner.monitorIds) {
      const row = report.rows.find((r) => r.id === monitorId)!;
      const [monitor] = await sql`SELECT interval_seconds, created_at FROM monitors WHERE id = ${monitorId}`;
      const page = await monitorSummary(owner.teamId, { id: monitorId, intervalSeconds: monitor!.interval_seconds, createdAt: monitor!.created_at }, month, NOW);
      expect(row.summary).toEqual(page);
      // The API (a real request through its route handler) says the same for the same window.
      const query = new URLSearchParams({ from: month.from.toISOString(), to: month.to.toISOString() });
      const response = await apiSummary(new Request(`http://watchpost.test/api/v1/monitors/${monitorId}/summary?${query}`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ id: monitorId }),
      });
      expect(response.status).toBe(200);
      const api = await response.json();
      for (const key of ['uptimePercent', 'incidents', 'p50', 'p95', 'p99', 'checks', 'failed', 'coverage'] as const) expect(api[key], key).toEqual(row.summary[key]);
      expect(api.downtimeSeconds).toBe(Math.round(row.summary.downtimeSeconds));
    }
    const old = report.rows.find((r) => r.name === 'Checkout API')!;
    const young = report.rows.find((r) => r.id === owner.monitorIds[1])!;
    // The old monitor: 30 days (one of 25 hours) of 5-minute checks, less the 3 maintenance hours.
    expect(old.summary.checks).toBe((30 * 24 + 1) * 12 - 36);
    expect(old.summary.incidents).toBe(2);
    // Downtime: the incident inside (42 min) and the part of the other inside the month (1:30).
    expect(old.summary.downtimeSeconds).toBe(42 * 60 + 90 * 60);
    expect(old.mttaSeconds).toBe(240);
    expect(old.mttrSeconds).toBe(2520);
    // The young monitor's coverage counts from its creation, not from the 1st.
    expect(young.summary.coverage).toBe(1);
    expect(young.summary.checks).toBe(Math.ceil((month.to.getTime() - created.getTime()) / (5 * MINUTE)));
    // Days add up to the month.
    expect(report.days.reduce((sum, d) => sum + d.checks, 0)).toBe(report.totals.checks);
    expect(report.totals.incidents).toBe(3);
    expect(report.totals.mttaSeconds).toBe(Math.round((240 + 60) / 2));
    // The SLO over the month.
    expect(old.slos).toEqual([expect.objectContaining({ name: 'Checkout 99.5', target: 99.5, budgetUsedChecks: old.summary.failed })]);
    expect(old.slos[0]!.attainment).toBe(Math.floor(((old.summary.checks - old.summary.failed) * 100_000) / old.summary.checks) / 1000);
    // The API's report is the same report.
    const answer = await apiReport(new Request('http://watchpost.test/api/v1/reports?from=2026-11-01&to=2026-11-30', { headers: { authorization: `Bearer ${token}` } }));
    expect(answer.status).toBe(200);
    const json = await answer.json();
    expect(json.rows.map((r: { summary: unknown }) => r.summary)).toEqual(JSON.parse(JSON.stringify(report.rows.map((r) => r.summary))));
  });

  it('opens in a real PDF reader with its numbers, renders to PNG, and exports formula-safe CSV', async () => {
    const report = (await buildReport(owner.teamId, { kind: 'team' }, { fromDay: '2026-11-01', toDay: '2026-11-30' }, NOW))!;
    const dir = mkdtempSync(path.join(tmpdir(), 'wp-report-'));
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, await reportPdf(report));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const old = report.rows.find((r) => r.name === 'Checkout API')!;
    expect(text).toContain('uptime report');
    expect(text).toContain('Checkout API');
    expect(text).toContain(`${old.summary.uptimePercent!.toFixed(2)} %`);
    expect(text).toContain('Nov 1, 2026 – Nov 30, 2026 (America/New_York)');
    expect(text).toContain('Checkout 99.5');
    expect(text).toMatch(/page 1 of \d+/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const png = path.join(dir, 'page-1.png');
    expect(statSync(png).size).toBeGreaterThan(5_000);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const csv = reportCsv(report);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/^=|,=/m);
  });

  it('refuses a period that ends before it starts or is too long, and another team’s page', async () => {
    const backwards = reportQuerySchema.safeParse({ from: '2026-11-30', to: '2026-11-01' });
    expect(backwards.error?.issues[0]).toMatchObject({ path: ['to'], message: expect.stringContaining('ends before it starts') });
    expect(reportQuerySchema.safeParse({ from: '2020-01-01', to: '2026-11-01' }).error?.issues[0]?.message).toContain('at most 731 days');
    expect(reportQuerySchema.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    const stranger = await agentWithMonitors(1);
    const [page] = await sql`INSERT INTO status_pages (user_id, team_id, slug, title) VALUES (${stranger.userId}, ${stranger.teamId}, ${`p-${stranger.teamId.slice(0, 8)}`}, 'Theirs') RETURNING id`;
    expect(await buildReport(owner.teamId, { kind: 'page', pageId: page!.id }, { fromDay: '2026-11-01', toDay: '2026-11-30' }, NOW)).toBeNull();
    // Chosen monitors of another team are left out.
    const report = await buildReport(owner.teamId, { kind: 'monitors', monitorIds: [stranger.monitorIds[0]!, owner.monitorIds[0]!] }, { fromDay: '2026-11-01', toDay: '2026-11-30' }, NOW);
    expect(report!.rows.map((r) => r.id)).toEqual([owner.monitorIds[0]]);
  });

  it('says which days have only rollup precision and which have no data', async () => {
    const report = (await buildReport(owner.teamId, { kind: 'team' }, { fromDay: '2025-09-01', toDay: '2025-12-31' }, NOW))!;
    // Pro keeps raw rows 365 days and rollups 400: Sep 1 – Oct 28, 2025 have nothing; the days after, rollups only.
    expect(report.precision.noDataDays[0]).toBe('2025-09-01');
    expect(report.precision.noDataDays.at(-1)).toBe('2025-10-28');
    expect(report.precision.rollupOnlyDays[0]).toBe('2025-10-29');
    expect(report.precision.rollupOnlyDays.at(-1)).toBe('2025-12-01');
  });
});

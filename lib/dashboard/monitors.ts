import 'server-only';
import { type DashboardFilters, type DashboardRow, dashboardRows, PAGE_SIZE } from '@/db/queries/dashboard';
import { latencySparklines } from '@/db/queries/timeseries';
import { type WindowStats, windowStats } from '@/lib/rollups/reads';
import { SUMMARY_FRESH_MS } from '@/lib/rollups/summaries';
import { uptimePercent } from '@/lib/rollups/windows';

// The dashboard's monitor list: the rows from db/queries/dashboard.ts with their 24 h and
// 30 d uptime and 24 h mean latency (from the rollups), sorted and paged.

export interface DashboardMonitor extends DashboardRow {
  uptime24h: number | null;
  uptime30d: number | null;
  meanLatency24h: number | null;
}

const meanLatency = (stats: WindowStats | undefined) => (stats && stats.latencyCount > 0 ? Math.round((stats.latencySum / stats.latencyCount) * 10) / 10 : null);

/**
 * One page of the team's monitors with their numbers. The 24 h numbers shown, in every sort,
 * are those the background leader keeps in monitor_day_summaries (at most a minute old, as
 * the rollups they come from), so a monitor shows the same numbers whatever the sort; a row
 * without a fresh summary has its 24 h counted here. Sorting by uptime or latency orders by
 * every matching monitor's summary (the database sorts and pages, and order and numbers
 * agree), or, where one is missing or older (no leader lately), by counting here for all of them.
 * Also how many of the team's monitors are in each display status (`counts`), from the same pass,
 * and with `sparklines` the page's hourly mean latencies of the last 24 hours, read alongside.
 */
export async function dashboardMonitors(teamId: string, pollSeconds: number, filters: DashboardFilters, now = new Date(), { sparklines = false } = {}) {
  const sort = filters.sort ?? 'status';
  const page = Math.max(1, filters.page ?? 1);
  const byNumbers = sort === 'uptime' || sort === 'latency';
  const pageOf = { page, size: PAGE_SIZE };
  const summarized = await dashboardRows(teamId, pollSeconds, { ...filters, sort }, pageOf, { sort, freshSince: new Date(now.getTime() - SUMMARY_FRESH_MS) });
  // An order by numbers needs every matching monitor's summary; the page's numbers only its own.
  const fromSummaries = !byNumbers || summarized.stale === 0;
  const { rows, total, counts } = fromSummaries ? summarized : await dashboardRows(teamId, pollSeconds, { ...filters, sort }, undefined);
  const day = { from: new Date(now.getTime() - 86_400_000), to: now };
  const month = { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
  let stats24h: Map<string, WindowStats>;
  let stats30d: Map<string, WindowStats>;
  let pageRows = rows;
  let lines: Map<string, (number | null)[]> | undefined;
  const linesOf = (ids: string[]) => (sparklines ? latencySparklines(teamId, ids, now) : undefined);
  if (!fromSummaries) {
    // No fresh summaries: count every matching monitor's 24 h here, worst first (lowest uptime, highest latency; no data last).
    stats24h = await windowStats(teamId, rows.map((row) => row.id), day, now);
    const key = (id: string) => (sort === 'uptime' ? (uptimePercent(stats24h.get(id)!) ?? Infinity) : -(meanLatency(stats24h.get(id)) ?? -Infinity));
    pageRows = [...rows].sort((a, b) => key(a.id) - key(b.id)).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const ids = pageRows.map((row) => row.id);
    [stats30d, lines] = await Promise.all([windowStats(teamId, ids, month, now), linesOf(ids)]);
  } else {
    // The page's 24 h numbers from the summaries (counted now for a row without a fresh one), its 30 d counted now and its sparklines, at once.
    const ids = rows.map((row) => row.id);
    const unsummarized = ids.filter((id) => !summarized.summaries.has(id));
    let counted: Map<string, WindowStats>;
    [counted, stats30d, lines] = await Promise.all([
      unsummarized.length ? windowStats(teamId, unsummarized, day, now) : new Map<string, WindowStats>(),
      windowStats(teamId, ids, month, now),
      linesOf(ids),
    ]);
    stats24h = new Map([...summarized.summaries, ...counted]);
  }
  const monitors: DashboardMonitor[] = pageRows.map((row) => ({
    ...row,
    uptime24h: uptimePercent(stats24h.get(row.id)!),
    uptime30d: uptimePercent(stats30d.get(row.id)!),
    meanLatency24h: meanLatency(stats24h.get(row.id)),
  }));
  return { monitors, total, counts, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), sparklines: lines ?? new Map<string, (number | null)[]>() };
}

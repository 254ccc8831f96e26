import 'server-only';
import { type DashboardFilters, type DashboardRow, dashboardRows, PAGE_SIZE } from '@/db/queries/dashboard';
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
 * One page of the team's monitors with their numbers. Sorting by uptime or latency orders
 * by every matching monitor's 24 h numbers: those the background leader keeps in
 * monitor_day_summaries (at most a minute old, so the database sorts and pages, and the page
 * shows those same 24 h numbers, so order and numbers agree), or, where a summary is missing
 * or older (no leader lately), counted here for all of them. Other sorts count the page's.
 * Also how many of the team's monitors are in each display status (`counts`), from the same pass.
 */
export async function dashboardMonitors(teamId: string, pollSeconds: number, filters: DashboardFilters, now = new Date()) {
  const sort = filters.sort ?? 'status';
  const page = Math.max(1, filters.page ?? 1);
  const byNumbers = sort === 'uptime' || sort === 'latency';
  const pageOf = { page, size: PAGE_SIZE };
  const summarized = byNumbers
    ? await dashboardRows(teamId, pollSeconds, { ...filters, sort }, pageOf, { sort, freshSince: new Date(now.getTime() - SUMMARY_FRESH_MS) })
    : null;
  const fromSummaries = summarized?.stale === 0;
  const { rows, total, counts } = fromSummaries ? summarized : await dashboardRows(teamId, pollSeconds, { ...filters, sort }, byNumbers ? undefined : pageOf);
  const day = { from: new Date(now.getTime() - 86_400_000), to: now };
  const month = { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
  let stats24h: Map<string, WindowStats>;
  let stats30d: Map<string, WindowStats>;
  let pageRows = rows;
  if (byNumbers && !fromSummaries) {
    // No fresh summaries: count every matching monitor's 24 h here, worst first (lowest uptime, highest latency; no data last).
    stats24h = await windowStats(teamId, rows.map((row) => row.id), day, now);
    const key = (id: string) => (sort === 'uptime' ? (uptimePercent(stats24h.get(id)!) ?? Infinity) : -(meanLatency(stats24h.get(id)) ?? -Infinity));
    pageRows = [...rows].sort((a, b) => key(a.id) - key(b.id)).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    stats30d = await windowStats(teamId, pageRows.map((row) => row.id), month, now);
  } else {
    // The page's numbers: 24 h from the summaries or counted now, 30 d counted now, at once.
    const ids = rows.map((row) => row.id);
    [stats24h, stats30d] = await Promise.all([fromSummaries ? summarized.summaries : windowStats(teamId, ids, day, now), windowStats(teamId, ids, month, now)]);
  }
  const monitors: DashboardMonitor[] = pageRows.map((row) => ({
    ...row,
    uptime24h: uptimePercent(stats24h.get(row.id)!),
    uptime30d: uptimePercent(stats30d.get(row.id)!),
    meanLatency24h: meanLatency(stats24h.get(row.id)),
  }));
  return { monitors, total, counts, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

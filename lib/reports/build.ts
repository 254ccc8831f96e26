import 'server-only';
import { incidentsOfMonitors } from '@/db/queries/incidents';
import { maintenanceOfMonitors } from '@/db/queries/maintenance';
import { degradedSecondsOf, type ReportScope, reportSubjects } from '@/db/queries/reports';
import { listSlos } from '@/db/queries/slos';
import { scopeHourRows } from '@/db/queries/timeseries';
import { type RangeSummary, summarize } from '@/lib/monitors/summary';
import { PLANS, type PlanName } from '@/lib/plans';
import { addToHistogram } from '@/lib/rollups/histogram';
import { windowTotals } from '@/lib/rollups/reads';
import { addCounts, countedChecks, failedChecks, noChecks, type Range, uptimePercent } from '@/lib/rollups/windows';
import { ROLLUP_RETENTION_DAYS } from '@/lib/retention/delete-expired';
import { sloStatuses } from '@/lib/slo/reads';
import { dayAfter, daysBetween, periodOfDays } from './period';

// A report: per monitor (or status page component) over a period, the numbers the monitor
// page and GET /api/v1/monitors/{id}/summary show (lib/monitors/summary.ts summarize(), fed
// the same totals), plus incidents with MTTA and MTTR, degraded time, and each SLO measured
// over the period. Days are the scope's time zone: the team's, or the status page's.

export interface ReportSlo {
  name: string;
  target: number;
  attainment: number | null;
  met: boolean | null;
  /** Budget used over the period, as a share of what the target allows in it; null with a 100 % target. */
  budgetUsedShare: number | null;
  budgetUsedChecks: number;
}

export interface ReportRow {
  id: string;
  kind: 'monitor' | 'component';
  name: string;
  summary: RangeSummary;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  degradedSeconds: number;
  slos: ReportSlo[];
}

export interface ReportIncident {
  id: string;
  monitorName: string;
  startedAt: Date;
  resolvedAt: Date | null;
  durationSeconds: number;
  acknowledgedAfterSeconds: number | null;
  inMaintenance: boolean;
}

export interface ReportDay {
  day: string;
  uptimePercent: number | null;
  checks: number;
  failed: number;
}

export interface Report {
  title: string;
  scopeLabel: string;
  teamName: string;
  timeZone: string;
  /** The first and last day, YYYY-MM-DD, in the time zone. */
  fromDay: string;
  toDay: string;
  from: Date;
  /** The end of the last day, or now if that is earlier. */
  to: Date;
  generatedAt: Date;
  totals: { uptimePercent: number | null; checks: number; failed: number; downtimeSeconds: number; incidents: number; mttaSeconds: number | null; mttrSeconds: number | null };
  rows: ReportRow[];
  incidents: ReportIncident[];
  days: ReportDay[];
  /** What the data behind some days is: only hourly rollups (raw heartbeats past retention), or nothing kept. */
  precision: { rollupOnlyDays: string[]; noDataDays: string[] };
}



const mean = (values: number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null);

/** Mean time to acknowledge and to resolve, over the incidents that started in the range. */
export function responseTimesOf(incidents: readonly { startedAt: Date; acknowledgedAt: Date | null; resolvedAt: Date | null; ttrSeconds: number | null }[], range: Range) {
  const started = incidents.filter((i) => i.startedAt >= range.from && i.startedAt < range.to);
  return {
    mttaSeconds: mean(started.flatMap((i) => (i.acknowledgedAt ? [(i.acknowledgedAt.getTime() - i.startedAt.getTime()) / 1000] : []))),
    mttrSeconds: mean(started.flatMap((i) => (i.resolvedAt ? [i.ttrSeconds ?? (i.resolvedAt.getTime() - i.startedAt.getTime()) / 1000] : []))),
  };
}

/** The report of a scope over whole days [fromDay, toDay] (YYYY-MM-DD); null when the scope is not the team's. */
export async function buildReport(teamId: string, scope: ReportScope, days: { fromDay: string; toDay: string }, now = new Date()): Promise<Report | null> {
  const subjects = await reportSubjects(teamId, scope);
  if (!subjects) return null;
  const timeZone = subjects.page?.timeZone ?? subjects.team.timeZone;
  const period = periodOfDays(days.fromDay, days.toDay, timeZone);
  const range: Range = { from: period.from, to: new Date(Math.min(period.to.getTime(), now.getTime())) };
  const ids = subjects.monitors.map((m) => m.id);
  const [totals, incidents, maintenance, degraded, dayRows, slos] = await Promise.all([
    windowTotals(teamId, ids, range, now),
    incidentsOfMonitors(teamId, ids, range),
    maintenanceOfMonitors(teamId, ids, range.from, range.to),
    degradedSecondsOf(teamId, ids, range, now),
    scopeHourRows(teamId, ids, { from: period.from, to: period.to }),
    listSlos(teamId),
  ]);
  const byMonitor = new Map(subjects.monitors.map((m) => [m.id, m]));
  const incidentsByMonitor = new Map<string, typeof incidents>();
  for (const incident of incidents) {
    const list = incidentsByMonitor.get(incident.monitorId);
    if (list) list.push(incident);
    else incidentsByMonitor.set(incident.monitorId, [incident]);
  }

  // Each row's monitors: one for a monitor, its monitors for a component (their checks add up).
  const rowSubjects = subjects.page
    ? subjects.page.components.map((c) => ({ id: c.id, kind: 'component' as const, name: c.name, monitorIds: c.monitorIds.filter((id) => byMonitor.has(id)) }))
    : subjects.monitors.map((m) => ({ id: m.id, kind: 'monitor' as const, name: m.name, monitorIds: [m.id] }));
  const rowIds = new Set(rowSubjects.map((r) => r.id));
  const rowSlos = slos.filter((slo) => rowIds.has(slo.monitorId ?? slo.componentId ?? ''));
  const sloPeriod = { from: range.from, to: range.to, end: period.to };
  const sloNumbers = await sloStatuses(rowSlos, now, { period: sloPeriod, burn: false });

  const rows: ReportRow[] = rowSubjects.map((subject) => {
    const total = { counts: noChecks(), histogram: new Map<number, number>() };
    for (const id of subject.monitorIds) {
      const t = totals.get(id);
      if (!t) continue;
      addCounts(total.counts, t.counts);
      for (const [bucket, count] of t.histogram) addToHistogram(total.histogram, bucket, count);
    }
    const own = subject.monitorIds.flatMap((id) => incidentsByMonitor.get(id) ?? []);
    const summary = summarize({
      total,
      incidents: own,
      maintenance: subject.monitorIds.flatMap((id) => maintenance.get(id) ?? []),
      range,
      now,
      monitors: subject.monitorIds.map((id) => byMonitor.get(id)!),
    });
    return {
      id: subject.id,
      kind: subject.kind,
      name: subject.name,
      summary,
      ...responseTimesOf(own, range),
      degradedSeconds: Math.max(0, ...subject.monitorIds.map((id) => degraded.get(id) ?? 0)),
      slos: sloNumbers
        .filter((s) => (s.slo.monitorId ?? s.slo.componentId) === subject.id)
        .map((s) => ({
          name: s.slo.name,
          target: s.slo.target,
          attainment: s.attainment,
          met: s.met,
          budgetUsedShare: s.budget.allowed > 0 ? s.budget.used / s.budget.allowed : null,
          budgetUsedChecks: s.budget.used,
        })),
    };
  });

  const all = noChecks();
  for (const row of rows) addCounts(all, { up: row.summary.checks - row.summary.failed, down: row.summary.failed, timeout: 0, error: 0 });
  // A day's hours are those starting in it (as on the monitor page's bars).
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayCounts = new Map<string, ReturnType<typeof noChecks>>();
  for (const row of dayRows) {
    const day = dayOf.format(new Date(row.hour));
    addCounts(dayCounts.get(day) ?? dayCounts.set(day, noChecks()).get(day)!, row);
  }
  const dayList = daysBetween(days.fromDay, days.toDay);
  const rawFrom = new Date(now.getTime() - PLANS[(subjects.team.plan in PLANS ? subjects.team.plan : 'free') as PlanName].retentionDays * 86_400_000);
  const rollupFrom = new Date(now.getTime() - ROLLUP_RETENTION_DAYS * 86_400_000);
  const dayStart = (day: string) => periodOfDays(day, day, timeZone).from;
  return {
    title: subjects.page ? `${subjects.page.title}: uptime report` : `${subjects.team.name}: uptime report`,
    scopeLabel: subjects.page ? `Status page “${subjects.page.title}”, ${rows.length} components` : scope.kind === 'monitors' ? `${rows.length} chosen monitors` : `All ${rows.length} monitors of ${subjects.team.name}`,
    teamName: subjects.team.name,
    timeZone,
    fromDay: days.fromDay,
    toDay: days.toDay,
    from: range.from,
    to: range.to,
    generatedAt: now,
    totals: {
      uptimePercent: uptimePercent(all),
      checks: countedChecks(all),
      failed: failedChecks(all),
      downtimeSeconds: rows.reduce((sum, row) => sum + row.summary.downtimeSeconds, 0),
      // Every incident read is of a monitor in the scope, so of a row.
      incidents: incidents.length,
      ...responseTimesOf(incidents, range),
    },
    rows,
    incidents: incidents.map((i) => ({
      id: i.id,
      monitorName: i.monitorName,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt,
      durationSeconds: Math.round(((i.resolvedAt ?? now).getTime() - i.startedAt.getTime()) / 1000),
      acknowledgedAfterSeconds: i.acknowledgedAt ? Math.round((i.acknowledgedAt.getTime() - i.startedAt.getTime()) / 1000) : null,
      inMaintenance: i.inMaintenance,
    })),
    days: dayList
      .filter((day) => dayStart(day) < now)
      .map((day) => {
        const c = dayCounts.get(day) ?? noChecks();
        return { day, uptimePercent: uptimePercent(c), checks: countedChecks(c), failed: failedChecks(c) };
      }),
    precision: {
      rollupOnlyDays: dayList.filter((day) => dayStart(day) >= rollupFrom && dayStart(dayAfter(day)) <= rawFrom),
      noDataDays: dayList.filter((day) => dayStart(day) < rollupFrom),
    },
  };
}

import { csvLine } from '@/lib/csv';
import type { Report } from './build';

// A report as CSV: one line per monitor (or component), then the incidents, formula-safe
// (lib/csv.ts: a cell a spreadsheet would run is made inert). Numbers are plain: uptime in
// percent, durations in seconds, latencies in ms.

export function reportCsv(report: Report): string {
  const lines = [
    csvLine(['report', report.title]),
    csvLine(['period', `${report.fromDay} to ${report.toDay}`, 'time zone', report.timeZone]),
    csvLine(['scope', report.scopeLabel]),
    '\r\n',
    csvLine([
      report.rows[0]?.kind === 'component' ? 'component' : 'monitor',
      'id',
      'uptime_percent',
      'checks',
      'failed_checks',
      'coverage',
      'downtime_seconds',
      'incidents',
      'mtta_seconds',
      'mttr_seconds',
      'p50_ms',
      'p95_ms',
      'p99_ms',
      'degraded_seconds',
      'slo',
      'slo_target_percent',
      'slo_attainment_percent',
      'slo_budget_used_share',
    ]),
  ];
  for (const row of report.rows) {
    const s = row.summary;
    const base = [row.name, row.id, s.uptimePercent, s.checks, s.failed, s.coverage === null ? null : Number(s.coverage.toFixed(4)), Math.round(s.downtimeSeconds), s.incidents, row.mttaSeconds, row.mttrSeconds, s.p50, s.p95, s.p99, row.degradedSeconds];
    if (row.slos.length === 0) lines.push(csvLine([...base, null, null, null, null]));
    for (const slo of row.slos) lines.push(csvLine([...base, slo.name, slo.target, slo.attainment, slo.budgetUsedShare === null ? null : Number(slo.budgetUsedShare.toFixed(4))]));
  }
  lines.push('\r\n', csvLine(['incident', 'monitor', 'started_at', 'resolved_at', 'duration_seconds', 'acknowledged_after_seconds', 'in_maintenance']));
  for (const i of report.incidents) {
    lines.push(csvLine([i.id, i.monitorName, i.startedAt.toISOString(), i.resolvedAt?.toISOString() ?? null, i.durationSeconds, i.acknowledgedAfterSeconds, i.inMaintenance ? 'yes' : 'no']));
  }
  return lines.join('');
}

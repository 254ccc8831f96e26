import 'server-only';
import type { OutgoingMail } from '@/lib/mail/send';
import { formatCount, formatDay, formatDuration, formatUptime } from '@/lib/format';
import { buildReport } from './build';
import { reportPdf } from './pdf';
import type { ScheduledReportPayload } from './schedules';

// A scheduled report's mail: the headline numbers in the text, the report as a PDF
// attachment, and a link to the same report on /reports. Built when the delivery is sent.

export async function scheduledReportMail(teamId: string, payload: ScheduledReportPayload, to: string, baseUrl: string, now = new Date()): Promise<OutgoingMail | { error: string }> {
  const report = await buildReport(teamId, payload.scope, { fromDay: payload.fromDay, toDay: payload.toDay }, now);
  if (!report) return { error: 'The report’s status page was deleted; delete or change the schedule.' };
  const params = new URLSearchParams({ from: payload.fromDay, to: payload.toDay });
  if (payload.scope.kind === 'page') params.set('scope', 'page'), params.set('page', payload.scope.pageId);
  if (payload.scope.kind === 'monitors') {
    params.set('scope', 'monitors');
    for (const id of payload.scope.monitorIds) params.append('monitor', id);
  }
  const worst = [...report.rows].filter((row) => row.summary.uptimePercent !== null).sort((a, b) => a.summary.uptimePercent! - b.summary.uptimePercent!).slice(0, 5);
  const period = `${formatDay(payload.fromDay)} – ${formatDay(payload.toDay)}`;
  const text = [
    `${report.title}`,
    `${period} (${report.timeZone}) · ${report.scopeLabel}`,
    '',
    `Uptime: ${formatUptime(report.totals.uptimePercent)} (${formatCount(report.totals.checks)} checks, ${formatCount(report.totals.failed)} failed)`,
    `Incidents: ${report.totals.incidents} · MTTA ${formatDuration(report.totals.mttaSeconds)} · MTTR ${formatDuration(report.totals.mttrSeconds)}`,
    ...(worst.length ? ['', 'Lowest uptime:', ...worst.map((row) => `  ${row.name}: ${formatUptime(row.summary.uptimePercent)}`)] : []),
    '',
    'The full report is attached as a PDF, and online at:',
    `${baseUrl}/reports?${params}`,
    '',
    `You get this because the schedule “${payload.name}” of ${report.teamName} on Watchpost sends it ${payload.cadence === 'weekly' ? 'every Monday' : 'on the 1st of every month'}.`,
  ].join('\n');
  return {
    to,
    subject: `${payload.cadence === 'weekly' ? 'Weekly' : 'Monthly'} uptime report: ${report.teamName}, ${period}`,
    text,
    attachments: [{ filename: `watchpost-report-${payload.fromDay}-${payload.toDay}.pdf`, content: await reportPdf(report), contentType: 'application/pdf' }],
  };
}

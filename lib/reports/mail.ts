import 'server-only';
import type { OutgoingMail } from '@/lib/mail/send';
import { formatCount, formatDay, formatDuration, formatUptime } from '@/lib/format';
import { buildReport, type Report } from './build';
import { reportPdf } from './pdf';
import type { ScheduledReportPayload } from './schedules';

// A scheduled report's mail: the headline numbers in the text, the report as a PDF
// attachment, and a link to the same report on /reports. Built when the delivery is sent.

// One event's recipients are claimed together and sent side by side: the report and its PDF
// are made once per event on this instance, not once per recipient.
const made = new Map<string, { at: number; built: Promise<{ report: Report; pdf: Buffer } | null> }>();
const MADE_FOR_MS = 10 * 60_000;

function reportOf(eventId: string, teamId: string, payload: ScheduledReportPayload, now: Date) {
  for (const [id, entry] of made) if (Date.now() - entry.at > MADE_FOR_MS) made.delete(id);
  let entry = made.get(eventId);
  if (!entry) {
    const built = buildReport(teamId, payload.scope, { fromDay: payload.fromDay, toDay: payload.toDay }, now).then(async (report) => (report ? { report, pdf: await reportPdf(report) } : null));
    entry = { at: Date.now(), built };
    made.set(eventId, entry);
    // A failure is tried afresh by the delivery's next attempt.
    built.catch(() => made.delete(eventId));
  }
  return entry.built;
}

export async function scheduledReportMail(eventId: string, teamId: string, payload: ScheduledReportPayload, to: string, baseUrl: string, now = new Date()): Promise<OutgoingMail | { error: string }> {
  const made = await reportOf(eventId, teamId, payload, now);
  if (!made) return { error: 'The report’s status page was deleted; delete or change the schedule.' };
  const { report, pdf } = made;
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
    attachments: [{ filename: `watchpost-report-${payload.fromDay}-${payload.toDay}.pdf`, content: pdf, contentType: 'application/pdf' }],
  };
}

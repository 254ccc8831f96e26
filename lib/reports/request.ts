import 'server-only';
import { byForm } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { buildReport, type Report } from './build';
import { reportCsv } from './csv';
import { lastMonth } from './period';
import { reportPdf } from './pdf';
import { type ReportQuery, reportQueryOf, reportQuerySchema, scopeOf } from './schemas';

// A report asked for by URL parameters (the page's PDF and CSV links, and the API): checked,
// built for the team, and answered in the format asked for.

export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The query in `params` (last month in `timeZone` by default), or 400 naming each problem. */
export function reportQueryFrom(params: URLSearchParams, timeZone: string, now = new Date()): ReportQuery {
  return byForm(reportQuerySchema, reportQueryOf(params, lastMonth(now, timeZone)), 'report request');
}

export async function teamReport(teamId: string, query: ReportQuery, now = new Date()): Promise<Report> {
  const report = await buildReport(teamId, scopeOf(query), { fromDay: query.from, toDay: query.to }, now);
  if (!report) throw new AppError('NOT_FOUND', 'That status page does not exist.', { details: [{ field: 'pageId', message: 'Choose one of your status pages.' }] });
  return report;
}

const fileName = (report: Report, extension: string) => {
  const slug = report.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'report';
  return `watchpost-${slug}-${report.fromDay}-${report.toDay}.${extension}`;
};

/** The report as a response: a PDF or CSV download, or the JSON the API answers. */
export async function reportResponse(report: Report, format: ReportFormat): Promise<Response> {
  const headers = { 'cache-control': 'private, no-store' };
  if (format === 'pdf') {
    const body = await reportPdf(report);
    return new Response(new Uint8Array(body), { headers: { ...headers, 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${fileName(report, 'pdf')}"` } });
  }
  if (format === 'csv') {
    return new Response(reportCsv(report), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName(report, 'csv')}"` } });
  }
  return Response.json(report, { headers });
}

/** The format a request asks for (?format=), JSON when absent. */
export function reportFormat(params: URLSearchParams, fallback: ReportFormat = 'json'): ReportFormat {
  const asked = params.get('format') ?? fallback;
  if (!(REPORT_FORMATS as readonly string[]).includes(asked)) {
    throw new AppError('INVALID_INPUT', 'Ask for format=pdf, csv or json.', { details: [{ field: 'format', message: 'Ask for format=pdf, csv or json.' }] });
  }
  return asked as ReportFormat;
}

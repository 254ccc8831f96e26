import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ReportView } from '@/components/reports/report-view';
import { listMonitors } from '@/db/queries/monitors';
import { listStatusPages } from '@/db/queries/status-pages';
import { zodDetails } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { requireTeam } from '@/lib/auth/session';
import { lastMonth, lastWeek } from '@/lib/reports/period';
import { dayIn } from '@/lib/timezone';
import { teamReport } from '@/lib/reports/request';
import { reportParams, reportQueryOf, reportQuerySchema } from '@/lib/reports/schemas';
import type { SearchParams } from '@/lib/search-params';
import { ReliabilityTabs } from '../_components/reliability-tabs';
import { PrintButton } from './_components/print-button';

export const metadata: Metadata = { title: 'Reports' };

const inputClass = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm';

export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx, team } = await requireTeam();
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) for (const v of Array.isArray(value) ? value : [value ?? '']) params.append(key, v);
  const now = new Date();
  const month = lastMonth(now, team.timeZone);
  const parsed = reportQuerySchema.safeParse(reportQueryOf(params, month));
  const problems = parsed.success ? [] : zodDetails(parsed.error);
  const [monitors, pages] = await Promise.all([listMonitors(ctx.teamId), listStatusPages(ctx.teamId)]);
  const query = parsed.success ? parsed.data : null;
  // A page id that is not the team's is the one refusal left after the query's own checks.
  const report = query
    ? await teamReport(ctx.teamId, query, now).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
        throw error;
      })
    : null;
  const exportLink = (format: string) => (query ? `/reports/export?${new URLSearchParams([...reportParams(query), ['format', format]])}` : '#');
  const values = { scope: params.get('scope') ?? 'team', from: params.get('from') ?? month.fromDay, to: params.get('to') ?? month.toDay, page: params.get('page') ?? '', monitors: params.getAll('monitor') };
  const week = lastWeek(now, team.timeZone);
  const today = dayIn(now, team.timeZone);
  const quick = [
    { label: 'Last month', ...month },
    { label: 'Last week', ...week },
    { label: 'This month so far', fromDay: `${today.slice(0, 8)}01`, toDay: today },
  ];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold print:hidden">SLOs and reports</h1>
      <div className="print:hidden">
        <ReliabilityTabs current="/reports" />
      </div>
      <div className="print:hidden">
        <Card title="Report" description={`Uptime, downtime, incidents with MTTA and MTTR, latency percentiles and SLOs over whole days in ${team.timeZone} (the team’s time zone; a status page report uses the page’s). Maintenance is left out.`}>
          <form method="get" className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-3">
              <div className="space-y-1">
                <label htmlFor="report-from" className="block text-sm font-medium text-slate-700">First day</label>
                <input id="report-from" type="date" name="from" defaultValue={values.from} className={inputClass} />
              </div>
              <div className="space-y-1">
                <label htmlFor="report-to" className="block text-sm font-medium text-slate-700">Last day</label>
                <input id="report-to" type="date" name="to" defaultValue={values.to} className={inputClass} />
              </div>
              <div className="space-y-1">
                <label htmlFor="report-scope" className="block text-sm font-medium text-slate-700">Covers</label>
                <select id="report-scope" name="scope" defaultValue={values.scope} className={inputClass}>
                  <option value="team">Every monitor of the team</option>
                  <option value="page">A status page (its components)</option>
                  <option value="monitors">Chosen monitors</option>
                </select>
              </div>
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="space-y-1">
                <label htmlFor="report-page" className="block text-sm font-medium text-slate-700">Status page</label>
                <select id="report-page" name="page" defaultValue={values.page} className={inputClass}>
                  <option value="">None</option>
                  {pages.map((page) => (
                    <option key={page.id} value={page.id}>
                      {page.title}
                    </option>
                  ))}
                </select>
                <p className="text-xs text-slate-500">When it covers a status page.</p>
              </div>
              <div className="space-y-1">
                <label htmlFor="report-monitors" className="block text-sm font-medium text-slate-700">Monitors</label>
                <select id="report-monitors" name="monitor" multiple defaultValue={values.monitors} className={`${inputClass} h-24`}>
                  {monitors.map((monitor) => (
                    <option key={monitor.id} value={monitor.id}>
                      {monitor.name}
                    </option>
                  ))}
                </select>
                <p className="text-xs text-slate-500">When it covers chosen monitors (Ctrl or ⌘ to choose several).</p>
              </div>
            </div>
            {problems.length ? (
              <ul role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
                {problems.map((p) => (
                  <li key={`${p.field}-${p.message}`}>{p.message}</li>
                ))}
              </ul>
            ) : null}
            <div className="flex flex-wrap items-center gap-3">
              <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600">
                Show report
              </button>
              <span className="text-sm text-slate-600">Quick:</span>
              {quick.map((q) => (
                <a key={q.label} className="text-sm text-brand-700 hover:underline" href={`/reports?${new URLSearchParams({ scope: values.scope, ...(values.page ? { page: values.page } : {}), from: q.fromDay, to: q.toDay })}`}>
                  {q.label}
                </a>
              ))}
            </div>
          </form>
        </Card>
      </div>

      {report ? (
        <>
          <div className="flex flex-wrap gap-3 print:hidden">
            <a href={exportLink('pdf')} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
              Download PDF
            </a>
            <a href={exportLink('csv')} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
              Download CSV
            </a>
            <PrintButton />
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6 print:border-0 print:p-0 print:shadow-none">
            <ReportView report={report} />
          </div>
        </>
      ) : query ? (
        <p className="text-sm text-red-700" role="alert">
          That status page does not exist.
        </p>
      ) : null}
    </div>
  );
}

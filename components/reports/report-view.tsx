import { DataTable } from '@/components/ui/data-table';
import type { Report } from '@/lib/reports/build';
import { dayChartFloor, dayRange } from '@/lib/reports/period';
import { formatCount, formatDateTime, formatDay, formatDuration, formatLatency, formatUptime } from '@/lib/format';

// A report as a page: printable (the app's header, the form and the buttons are hidden in
// print), the same numbers as its PDF and CSV.

const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

export function ReportView({ report }: { report: Report }) {
  const { totals } = report;
  const floor = dayChartFloor(report.days);
  const when = (date: Date) => formatDateTime(date, report.timeZone, { seconds: false });
  return (
    <article className="space-y-6 print:space-y-4" data-testid="report">
      <header>
        <h2 className="text-xl font-semibold [overflow-wrap:anywhere]">{report.title}</h2>
        <p className="text-sm text-slate-600 [overflow-wrap:anywhere]">
          {formatDay(report.fromDay)} – {formatDay(report.toDay)} ({report.timeZone}) · {report.scopeLabel} · made {when(report.generatedAt)}
        </p>
        <p className="text-xs text-slate-500">Uptime = good checks of counted checks; checks inside maintenance are not counted; downtime is time inside incidents less maintenance.</p>
      </header>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {[
          ['Uptime', formatUptime(totals.uptimePercent)],
          ['Checks', formatCount(totals.checks)],
          ['Failed checks', formatCount(totals.failed)],
          ['Incidents', formatCount(totals.incidents)],
          ['MTTA', formatDuration(totals.mttaSeconds)],
          ['MTTR', formatDuration(totals.mttrSeconds)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-3 print:border-slate-400">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="text-lg font-semibold" data-testid={`report-total-${label!.toLowerCase().replace(/\s+/g, '-')}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>

      {report.days.length ? (
        <section aria-label="Uptime by day">
          <h3 className="text-sm font-semibold">Uptime by day</h3>
          <div className="mt-2 flex gap-2">
            <div className="flex h-16 flex-col justify-between text-right text-xs text-slate-500" aria-hidden>
              <span>100 %</span>
              <span>{floor} %</span>
            </div>
          <ol className="flex h-16 flex-1 items-end gap-px border-y border-slate-200" aria-label="Days">
            {report.days.map((day) => (
              <li
                key={day.day}
                title={`${formatDay(day.day)}: ${day.uptimePercent === null ? 'no data' : formatUptime(day.uptimePercent)}`}
                className={`flex-1 ${day.uptimePercent === null ? 'bg-slate-200' : day.uptimePercent >= 99.9 ? 'bg-emerald-500' : day.uptimePercent >= 99 ? 'bg-amber-400' : 'bg-red-500'}`}
                style={{ height: day.uptimePercent === null ? '6%' : `${Math.max(3, ((day.uptimePercent - floor) / (100 - floor)) * 100)}%` }}
              />
            ))}
          </ol>
          </div>
          <p className="mt-1 flex justify-between pl-12 text-xs text-slate-500">
            <span>{formatDay(report.days[0]!.day)}</span>
            <span>{formatDay(report.days.at(-1)!.day)}</span>
          </p>
        </section>
      ) : null}

      {report.precision.rollupOnlyDays.length || report.precision.noDataDays.length ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="report-precision">
          {report.precision.noDataDays.length ? `No data is kept for ${dayRange(report.precision.noDataDays)} (older than the rollups' 400 days). ` : ''}
          {report.precision.rollupOnlyDays.length
            ? `${dayRange(report.precision.rollupOnlyDays)}: past the plan's raw retention, so counts and percentiles come from hourly rollups (exact counts; no per-check detail, and degraded time counts as up in SLOs).`
            : ''}
        </p>
      ) : null}

      <section aria-label="Per monitor" className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-slate-600">
            <tr>
              <th className="py-2 pr-3 font-medium">{report.rows[0]?.kind === 'component' ? 'Component' : 'Monitor'}</th>
              <th className="py-2 pr-3 font-medium">Uptime</th>
              <th className="py-2 pr-3 font-medium">Downtime</th>
              <th className="py-2 pr-3 font-medium">Incidents</th>
              <th className="py-2 pr-3 font-medium">MTTA / MTTR</th>
              <th className="py-2 pr-3 font-medium">p50 / p95 / p99</th>
              <th className="py-2 pr-3 font-medium">Degraded</th>
              <th className="py-2 pr-3 font-medium">SLO</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top" data-testid="report-row">
                <td className="py-2 pr-3 font-medium">{row.name}</td>
                <td className="whitespace-nowrap py-2 pr-3">
                  {formatUptime(row.summary.uptimePercent)}
                  {row.summary.coverage !== null && row.summary.coverage < 0.99 ? <div className="text-xs text-slate-500">{percent(row.summary.coverage)} coverage</div> : null}
                </td>
                <td className="whitespace-nowrap py-2 pr-3">{formatDuration(row.summary.downtimeSeconds)}</td>
                <td className="py-2 pr-3">{row.summary.incidents}</td>
                <td className="whitespace-nowrap py-2 pr-3">
                  {formatDuration(row.mttaSeconds)} / {formatDuration(row.mttrSeconds)}
                </td>
                <td className="whitespace-nowrap py-2 pr-3">{[row.summary.p50, row.summary.p95, row.summary.p99].map(formatLatency).join(' / ')}</td>
                <td className="whitespace-nowrap py-2 pr-3">{row.degradedSeconds ? formatDuration(row.degradedSeconds) : '–'}</td>
                <td className="py-2 pr-3">
                  {row.slos.length === 0
                    ? '–'
                    : row.slos.map((slo) => (
                        <div key={slo.name} className={slo.met === false ? 'text-red-700' : ''}>
                          {slo.name}: {slo.attainment === null ? 'no data' : `${slo.attainment.toFixed(3)} %`} of {slo.target} % · budget used {percent(slo.budgetUsedShare)}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="Incidents">
        <h3 className="text-sm font-semibold">Incidents ({report.incidents.length})</h3>
        {report.incidents.length === 0 ? (
          <p className="text-sm text-slate-600">None in this period.</p>
        ) : (
          <div className="mt-2 overflow-x-auto">
            <DataTable
              rows={report.incidents}
              rowKey={(incident) => incident.id}
              columns={[
                { header: 'Monitor', cell: (incident) => incident.monitorName },
                { header: 'Started', className: 'whitespace-nowrap', cell: (incident) => when(incident.startedAt) },
                { header: 'Resolved', className: 'whitespace-nowrap', cell: (incident) => (incident.resolvedAt ? when(incident.resolvedAt) : 'still open') },
                { header: 'Duration', className: 'whitespace-nowrap', cell: (incident) => `${formatDuration(incident.durationSeconds)}${incident.inMaintenance ? ' (in maintenance)' : ''}` },
                { header: 'Acknowledged after', className: 'whitespace-nowrap', cell: (incident) => (incident.acknowledgedAfterSeconds === null ? '–' : formatDuration(incident.acknowledgedAfterSeconds)) },
              ]}
            />
          </div>
        )}
      </section>
    </article>
  );
}

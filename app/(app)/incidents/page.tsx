import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterSelect } from '@/components/ui/filter-select';
import { Pager } from '@/components/ui/pager';
import { StatusBadge } from '@/components/ui/status-badge';
import { TimeAgo } from '@/components/ui/time-ago';
import { listIncidents, responseTimes } from '@/db/queries/incidents';
import { INCIDENT_STATES } from '@/lib/contracts/api';
import { listMonitors } from '@/db/queries/monitors';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime, formatDuration, plural } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { param, type SearchParams } from '@/lib/search-params';
import { wallTimeToDate } from '@/lib/timezone';
import { viewerTimeZone } from '@/lib/viewer';
import { IncidentActions } from './_components/incident-actions';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Incidents' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const params = await searchParams;
  const timeZone = await viewerTimeZone();
  const state = INCIDENT_STATES.find((value) => value === params.state);
  const monitorParam = param(params.monitor);
  const monitorId = isUuid(monitorParam) ? monitorParam : undefined;
  const fromDay = DATE.test(param(params.from) ?? '') ? param(params.from)! : undefined;
  const toDay = DATE.test(param(params.to) ?? '') ? param(params.to)! : undefined;
  // Whole days in the viewer's time zone: from the start of the first to the end of the last.
  const from = fromDay ? wallTimeToDate(`${fromDay}T00:00`, timeZone) ?? undefined : undefined;
  const to = toDay ? wallTimeToDate(`${nextDay(toDay)}T00:00`, timeZone) ?? undefined : undefined;
  const page = Math.max(1, Number.parseInt(param(params.page) ?? '1', 10) || 1);
  const now = new Date();

  const [list, monitors, times] = await Promise.all([
    listIncidents(ctx.teamId, { state, monitorId, from, to, page }),
    listMonitors(ctx.teamId),
    responseTimes(ctx.teamId),
  ]);
  const filtered = Boolean(state || monitorId || fromDay || toDay);
  const pageLink = (target: number) => {
    const query = new URLSearchParams();
    if (state) query.set('state', state);
    if (monitorId) query.set('monitor', monitorId);
    if (fromDay) query.set('from', fromDay);
    if (toDay) query.set('to', toDay);
    if (target > 1) query.set('page', String(target));
    return `/incidents${query.size ? `?${query}` : ''}`;
  };

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Incidents</h1>

      <section aria-label="Response times" className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {times.map((window) => (
          <div key={window.days} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={`response-${window.days}d`}>
            <p className="text-xs text-slate-600">Last {window.days} days · {plural(window.incidents, 'incident')}</p>
            <p className="mt-1 text-sm">
              <abbr title="Mean time to acknowledge" className="no-underline">MTTA</abbr> <strong className="tabular-nums">{formatDuration(window.mttaSeconds)}</strong>
              <span className="mx-2 text-slate-300">|</span>
              <abbr title="Mean time to resolve" className="no-underline">MTTR</abbr> <strong className="tabular-nums">{formatDuration(window.mttrSeconds)}</strong>
            </p>
          </div>
        ))}
      </section>

      <form className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter incidents" action="/incidents">
        <FilterSelect label="State" name="state" value={state} options={INCIDENT_STATES.map((value) => [value, value])} />
        <FilterSelect label="Monitor" name="monitor" value={monitorId} options={monitors.map((monitor) => [monitor.id, monitor.name])} />
        <label className="space-y-1">
          <span className="block font-medium text-slate-700">From</span>
          <input type="date" name="from" defaultValue={fromDay ?? ''} className="rounded-md border border-slate-300 bg-white px-3 py-1.5" />
        </label>
        <label className="space-y-1">
          <span className="block font-medium text-slate-700">To</span>
          <input type="date" name="to" defaultValue={toDay ?? ''} className="rounded-md border border-slate-300 bg-white px-3 py-1.5" />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-100">
          Filter
        </button>
        {filtered ? (
          <Link href="/incidents" className="py-2 text-brand-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>

      {list.incidents.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-600">
          {filtered ? 'No incidents match these filters.' : 'No incidents yet. When a monitor goes down, its incident shows here.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">Incidents</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-2 py-2 sm:px-4 font-medium">Monitor</th>
                <th className="px-2 py-2 sm:px-4 font-medium">State</th>
                <th className="px-2 py-2 sm:px-4 font-medium">Started</th>
                <th className="hidden px-2 py-2 sm:px-4 font-medium md:table-cell">Acknowledged</th>
                <th className="hidden px-2 py-2 sm:px-4 font-medium lg:table-cell">Resolved</th>
                <th className="hidden px-2 py-2 font-medium sm:table-cell sm:px-4">Duration</th>
                <th className="px-2 py-2 sm:px-4" />
              </tr>
            </thead>
            <tbody>
              {list.incidents.map((incident) => (
                <tr key={incident.id} className="border-t border-slate-100" data-testid="incident-row">
                  <td className="px-2 py-2 sm:px-4">
                    <Link href={`/incidents/${incident.id}`} className="font-medium text-slate-900 hover:underline">
                      {incident.monitorName}
                    </Link>
                  </td>
                  <td className="px-2 py-2 sm:px-4">
                    <span className="flex flex-wrap gap-1">
                      <StatusBadge status={incident.status} />
                      {incident.inMaintenance ? <StatusBadge status="maintenance" label="in maintenance" /> : null}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-2 py-2 sm:px-4">{formatDateTime(incident.startedAt, timeZone, { seconds: false })}</td>
                  <td className="hidden px-2 py-2 sm:px-4 text-slate-700 md:table-cell">
                    {incident.acknowledgedAt ? (
                      <>
                        {incident.acknowledgedBy ?? 'a deleted user'}, <TimeAgo date={incident.acknowledgedAt} timeZone={timeZone} now={now} />
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td className="hidden whitespace-nowrap px-2 py-2 sm:px-4 lg:table-cell">{incident.resolvedAt ? formatDateTime(incident.resolvedAt, timeZone, { seconds: false }) : 'ongoing'}</td>
                  <td className="hidden whitespace-nowrap px-2 py-2 tabular-nums sm:table-cell sm:px-4">
                    {formatDuration(incident.resolvedAt ? (incident.ttrSeconds ?? (incident.resolvedAt.getTime() - incident.startedAt.getTime()) / 1000) : (now.getTime() - incident.startedAt.getTime()) / 1000)}
                  </td>
                  <td className="px-2 py-2 sm:px-4 text-right">
                    <IncidentActions incidentId={incident.id} status={incident.status} refusal={refusal(ctx.role, PERMISSIONS.respondToIncidents)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager summary={plural(list.total, 'incident')} page={list.page} pageCount={list.pageCount} href={pageLink} />
    </div>
  );
}

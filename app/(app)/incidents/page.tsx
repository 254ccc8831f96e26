import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusBadge } from '@/components/ui/status-badge';
import { TimeAgo } from '@/components/ui/time-ago';
import { INCIDENT_STATES, listIncidents, responseTimes } from '@/db/queries/incidents';
import { listMonitors } from '@/db/queries/monitors';
import { requireUser } from '@/lib/auth/session';
import { formatDateTime, formatDuration, plural } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { wallTimeToDate } from '@/lib/timezone';
import { viewerTimeZone } from '@/lib/viewer';
import { IncidentActions } from './_components/incident-actions';

export const metadata: Metadata = { title: 'Incidents' };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const timeZone = await viewerTimeZone();
  const state = INCIDENT_STATES.find((value) => value === params.state);
  const monitorParam = one(params.monitor);
  const monitorId = isUuid(monitorParam) ? monitorParam : undefined;
  const fromDay = DATE.test(one(params.from) ?? '') ? one(params.from)! : undefined;
  const toDay = DATE.test(one(params.to) ?? '') ? one(params.to)! : undefined;
  // Whole days in the viewer's time zone: from the start of the first to the end of the last.
  const from = fromDay ? wallTimeToDate(`${fromDay}T00:00`, timeZone) ?? undefined : undefined;
  const to = toDay ? wallTimeToDate(`${nextDay(toDay)}T00:00`, timeZone) ?? undefined : undefined;
  const page = Math.max(1, Number.parseInt(one(params.page) ?? '1', 10) || 1);
  const now = new Date();

  const [list, monitors, times] = await Promise.all([
    listIncidents(user.id, { state, monitorId, from, to, page }),
    listMonitors(user.id),
    responseTimes(user.id),
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
        <label className="space-y-1">
          <span className="block font-medium text-slate-700">State</span>
          <select name="state" defaultValue={state ?? ''} className="rounded-md border border-slate-300 bg-white px-3 py-2">
            <option value="">Any</option>
            {INCIDENT_STATES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1">
          <span className="block font-medium text-slate-700">Monitor</span>
          <select name="monitor" defaultValue={monitorId ?? ''} className="max-w-56 rounded-md border border-slate-300 bg-white px-3 py-2">
            <option value="">Any</option>
            {monitors.map((monitor) => (
              <option key={monitor.id} value={monitor.id}>
                {monitor.name}
              </option>
            ))}
          </select>
        </label>
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
          <table className="w-full min-w-[760px] text-sm">
            <caption className="sr-only">Incidents</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">Monitor</th>
                <th className="px-4 py-2 font-medium">State</th>
                <th className="px-4 py-2 font-medium">Started</th>
                <th className="px-4 py-2 font-medium">Acknowledged</th>
                <th className="px-4 py-2 font-medium">Resolved</th>
                <th className="px-4 py-2 font-medium">Duration</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody>
              {list.incidents.map((incident) => (
                <tr key={incident.id} className="border-t border-slate-100" data-testid="incident-row">
                  <td className="px-4 py-2">
                    <Link href={`/incidents/${incident.id}`} className="font-medium text-slate-900 hover:underline">
                      {incident.monitorName}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge status={incident.status} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">{formatDateTime(incident.startedAt, timeZone, { seconds: false })}</td>
                  <td className="px-4 py-2 text-slate-700">
                    {incident.acknowledgedAt ? (
                      <>
                        {incident.acknowledgedBy ?? 'a deleted user'}, <TimeAgo date={incident.acknowledgedAt} timeZone={timeZone} now={now} />
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">{incident.resolvedAt ? formatDateTime(incident.resolvedAt, timeZone, { seconds: false }) : 'ongoing'}</td>
                  <td className="whitespace-nowrap px-4 py-2 tabular-nums">
                    {formatDuration(incident.resolvedAt ? (incident.ttrSeconds ?? (incident.resolvedAt.getTime() - incident.startedAt.getTime()) / 1000) : (now.getTime() - incident.startedAt.getTime()) / 1000)}
                  </td>
                  <td className="px-4 py-2 text-right">
                    <IncidentActions incidentId={incident.id} status={incident.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex items-center justify-between text-sm">
        <span className="text-slate-600">
          {plural(list.total, 'incident')} · page {list.page} of {list.pageCount}
        </span>
        <span className="flex gap-2">
          {list.page > 1 ? (
            <Link href={pageLink(list.page - 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Previous page
            </Link>
          ) : null}
          {list.page < list.pageCount ? (
            <Link href={pageLink(list.page + 1)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Next page
            </Link>
          ) : null}
        </span>
      </nav>
    </div>
  );
}

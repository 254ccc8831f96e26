import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { FilterSelect } from '@/components/ui/filter-select';
import { HelpTip, UptimeDefinition } from '@/components/ui/help-tip';
import { Pager } from '@/components/ui/pager';
import { StatusBadge } from '@/components/ui/status-badge';
import { locationSummaries } from '@/db/queries/locations';
import { locationNote } from '@/lib/monitors/location-note';
import { TimeAgo, timeAgoLabel } from '@/components/ui/time-ago';
import { agentChoices } from '@/db/queries/agents';
import { DASHBOARD_SORTS, type DashboardFilters, DISPLAY_STATUSES } from '@/db/queries/dashboard';
import { MONITOR_TYPES } from '@/lib/contracts/monitor-kinds';
import { dashboardMonitors } from '@/lib/dashboard/monitors';
import { openIncidents } from '@/db/queries/incidents';
import { certificateExpiries } from '@/db/queries/certificates';
import { daysUntil } from '@/lib/contracts/certificates';
import { requireTeam } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatCount, formatLatency, formatUptime, plural } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { param, type SearchParams } from '@/lib/search-params';
import { viewerTimeZone } from '@/lib/viewer';
import { IncidentActions } from '../incidents/_components/incident-actions';
import { MonitorRows } from './_components/monitor-rows';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Dashboard' };


function parseFilters(params: SearchParams): DashboardFilters {
  const q = param(params.q)?.trim().slice(0, 200);
  const agent = param(params.agent);
  return {
    q: q || undefined,
    status: DISPLAY_STATUSES.find((value) => value === params.status),
    agentId: isUuid(agent) ? agent : undefined,
    type: MONITOR_TYPES.find((value) => value === params.type),
    sort: DASHBOARD_SORTS.find((value) => value === params.sort),
    page: Math.min(100_000, Math.max(1, Number.parseInt(param(params.page) ?? '1', 10) || 1)),
  };
}

function query(filters: DashboardFilters, change: Partial<DashboardFilters>): string {
  const merged = { ...filters, ...change };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.status) params.set('status', merged.status);
  if (merged.agentId) params.set('agent', merged.agentId);
  if (merged.type) params.set('type', merged.type);
  if (merged.sort) params.set('sort', merged.sort);
  if (merged.page && merged.page > 1) params.set('page', String(merged.page));
  const text = params.toString();
  return text ? `/dashboard?${text}` : '/dashboard';
}

/** Counts that call for attention, in their status's colour. */
const TILE_COLORS: Partial<Record<(typeof DISPLAY_STATUSES)[number], string>> = { down: 'text-red-700', pending: 'text-amber-700', partial: 'text-orange-700', degraded: 'text-yellow-600' };

const SORT_LABELS: Record<(typeof DASHBOARD_SORTS)[number], string> = {
  status: 'Status (worst first)',
  name: 'Name',
  uptime: 'Uptime 24 h (lowest first)',
  latency: 'Latency 24 h (slowest first)',
};

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const filters = parseFilters(await searchParams);
  const pollSeconds = getEnv().WATCHPOST_AGENT_POLL_SECONDS;
  const now = new Date();
  const [agents, incidents, list, timeZone] = await Promise.all([
    agentChoices(ctx.teamId),
    openIncidents(ctx.teamId),
    dashboardMonitors(ctx.teamId, pollSeconds, filters, now, { sparklines: true }),
    viewerTimeZone(),
  ]);
  const { counts, sparklines } = list;
  const pageIds = list.monitors.map((monitor) => monitor.id);
  const [certificates, locations] = await Promise.all([
    certificateExpiries(ctx.teamId, pageIds),
    locationSummaries(ctx.teamId, list.monitors.filter((monitor) => monitor.status === 'partial' || monitor.status === 'stale').map((monitor) => monitor.id), pollSeconds),
  ]);
  // Days left of each monitor's certificate, shown only under 30.
  const certificateDays = new Map([...certificates].map(([id, expires]) => [id, daysUntil(expires, now.getTime())] as const).filter(([, days]) => days < 30));
  const totalMonitors = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const filtered = Boolean(filters.q || filters.status || filters.agentId || filters.type);

  if (totalMonitors === 0) {
    return (
      <>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          {agents.length === 0 ? (
            <>
              <h2 className="text-lg font-medium">Start with an agent</h2>
              <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
                Agents run your checks: on this server (nothing to install) or on any machine that can reach what you monitor. Add one, then a monitor.
              </p>
              <Link href="/agents" className="mt-6 inline-block rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
                Add an agent
              </Link>
            </>
          ) : (
            <>
              <h2 className="text-lg font-medium">No monitors yet</h2>
              <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
                A monitor checks one website or service from one of your agents. Its status, uptime and incidents will show here.
              </p>
              <Link href="/monitors/new" className="mt-6 inline-block rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
                Add your first monitor
              </Link>
            </>
          )}
        </div>
      </>
    );
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <AutoRefresh seconds={30} renderedAt={now.toISOString()} timeZone={timeZone} />
      </div>

      <nav aria-label="Monitors by status" className="grid grid-cols-3 gap-2 sm:grid-cols-5 lg:grid-cols-9">
        {DISPLAY_STATUSES.map((status) => (
          <Link
            key={status}
            href={query(filters, { status: filters.status === status ? undefined : status, page: 1 })}
            aria-current={filters.status === status ? 'true' : undefined}
            data-testid={`count-${status}`}
            className={`rounded-lg border bg-white px-3 py-2 shadow-sm hover:border-slate-400 ${filters.status === status ? 'border-slate-900' : 'border-slate-200'}`}
          >
            <span className={`block text-2xl font-semibold tabular-nums ${counts[status] > 0 ? (TILE_COLORS[status] ?? '') : ''}`}>{formatCount(counts[status])}</span>
            <span className="text-xs capitalize text-slate-600">{status}</span>
          </Link>
        ))}
      </nav>

      {incidents.length > 0 ? (
        <section aria-labelledby="open-incidents" className="rounded-lg border border-red-200 bg-red-50/50 p-4">
          <h2 id="open-incidents" className="text-base font-semibold text-red-900">
            {plural(incidents.length, 'open incident')}
          </h2>
          <ul className="mt-2 divide-y divide-red-100">
            {incidents.map((incident) => (
              <li key={incident.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <StatusBadge status={incident.status} />
                <Link href={`/incidents/${incident.id}`} className="font-medium text-slate-900 hover:underline">
                  {incident.monitorName}
                </Link>
                <span className="text-slate-600">
                  down since <TimeAgo date={incident.startedAt} timeZone={timeZone} now={now} />
                </span>
                {incident.acknowledgedBy ? (
                  <span className="text-slate-600">
                    acknowledged by {incident.acknowledgedBy} <TimeAgo date={incident.acknowledgedAt} timeZone={timeZone} now={now} />
                  </span>
                ) : (
                  <span className="text-red-700">not acknowledged</span>
                )}
                <span className="ml-auto">
                  <IncidentActions incidentId={incident.id} status={incident.status} refusal={refusal(ctx.role, PERMISSIONS.respondToIncidents)} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <form className="flex flex-wrap items-end gap-3 text-sm" aria-label="Find monitors" action="/dashboard">
        <label className="min-w-48 flex-1 space-y-1">
          <span className="block font-medium text-slate-700">Search</span>
          <input type="search" name="q" defaultValue={filters.q ?? ''} placeholder="Name or target" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        </label>
        <FilterSelect label="Status" name="status" value={filters.status} options={DISPLAY_STATUSES.map((s) => [s, s])} />
        <FilterSelect label="Agent" name="agent" value={filters.agentId} options={agents.map((a) => [a.id, a.name])} />
        <FilterSelect label="Type" name="type" value={filters.type} options={MONITOR_TYPES.map((t) => [t, t.toUpperCase()])} />
        <FilterSelect label="Sort by" name="sort" value={filters.sort ?? 'status'} options={DASHBOARD_SORTS.map((s) => [s, SORT_LABELS[s]])} any={false} />
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-100">
          Apply
        </button>
        {filtered ? (
          <Link href={query({ sort: filters.sort }, {})} className="py-2 text-brand-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>

      {list.monitors.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-600">No monitors match these filters.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">Monitors</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-2 py-2 sm:px-4 font-medium">Monitor</th>
                <th className="px-2 py-2 sm:px-4 font-medium">Status</th>
                <th className="px-2 py-2 text-right font-medium sm:px-4">
                  Uptime 24 h
                  <HelpTip label="How uptime is counted">
                    <UptimeDefinition />
                  </HelpTip>
                </th>
                <th className="hidden px-2 py-2 sm:px-4 text-right font-medium sm:table-cell">30 d</th>
                <th className="hidden px-2 py-2 sm:px-4 font-medium md:table-cell">Latency 24 h (mean)</th>
                <th className="hidden px-2 py-2 sm:px-4 font-medium lg:table-cell">Last check</th>
                <th className="hidden px-2 py-2 sm:px-4 font-medium lg:table-cell">Agent</th>
              </tr>
            </thead>
            <MonitorRows
              rows={list.monitors.map((monitor) => ({
                id: monitor.id,
                name: monitor.name,
                kindAndTarget: `${monitor.type.toUpperCase()} · ${monitor.target}`,
                target: monitor.target,
                status: monitor.status,
                note: locationNote(monitor.status, locations.get(monitor.id)),
                certificateDays: certificateDays.get(monitor.id) ?? null,
                uptime24h: formatUptime(monitor.uptime24h),
                uptime30d: formatUptime(monitor.uptime30d),
                latency: formatLatency(monitor.meanLatency24h),
                sparkline: sparklines.get(monitor.id) ?? [],
                lastCheck: monitor.lastCheckAt ? timeAgoLabel(monitor.lastCheckAt, timeZone, now) : null,
                agentId: monitor.agentId,
                agentName: monitor.agentName,
              }))}
            />
          </table>
        </div>
      )}

      <Pager summary={plural(list.total, 'monitor')} page={list.page} pageCount={list.pageCount} href={(page) => query(filters, { page })} />
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DayBars } from '@/components/charts/day-bars';
import { HeartbeatTable } from '@/components/dashboards/heartbeat-table';
import { LatencyChart, type LatencyPoint } from '@/components/charts/latency-chart';
import { Card } from '@/components/ui/card';
import { HelpTip, UptimeDefinition } from '@/components/ui/help-tip';
import { StatusBadge } from '@/components/ui/status-badge';
import { TimeAgo } from '@/components/ui/time-ago';
import { monitorOverview } from '@/db/queries/dashboard';
import { monitorDependencies } from '@/db/queries/monitors';
import { monitorIncidents } from '@/db/queries/incidents';
import { monitorMaintenance } from '@/db/queries/maintenance';
import { dailyBars, heartbeatPage, SERIES_ORIGIN_MS } from '@/db/queries/timeseries';
import { pushState, recentPings } from '@/db/queries/push';
import { pingUrls, pushOptionsOf } from '@/lib/checks/push/manage';
import { getAgent } from '@/db/queries/agents';
import { agentRuns, TYPES_SINCE } from '@/lib/agents/config';
import { publicServerUrl } from '@/lib/server-url';
import { monitorSeries, windowStats } from '@/lib/rollups/reads';
import { summarize } from '@/lib/monitors/summary';
import { requireTeam } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatDateTime, formatDuration, formatLatency, formatUptime, plural } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { param, type SearchParams } from '@/lib/search-params';
import { percentiles } from '@/lib/rollups/histogram';
import { chooseRange, PRESET_LABELS, PRESET_RANGES, type PresetRange } from '@/lib/rollups/ranges';
import { chartStep, countedChecks, DAY_MS, failedChecks, unionSeconds, uptimePercent } from '@/lib/rollups/windows';
import { degradedPeriodsBetween, type IncidentLocation, incidentLocations, type LocationDetail, locationLatencyRows, monitorLocationDetails } from '@/db/queries/locations';
import { LocationLatencyChart, type LocationLatencyPoint } from '@/components/charts/location-latency-chart';
import { DataTable } from '@/components/ui/data-table';
import { locationNote } from '@/lib/monitors/location-note';
import { viewerTimeZone } from '@/lib/viewer';
import { DeleteMonitorForm } from '../_components/delete-monitor-form';
import { PushPanel } from '../_components/push-panel';
import { AssertionResults } from '../_components/assertion-results';
import { CertificateDetails } from '../_components/certificate-card';
import { monitorCertificate } from '@/db/queries/certificates';
import { daysUntil } from '@/lib/contracts/certificates';
import { lastAssertionResults } from '@/db/queries/monitors';
import { completeOptions, type HttpOptions } from '@/lib/contracts/monitors';
import { ToggleMonitorButton } from '../_components/monitor-row-actions';
import { switchToTeamOf } from '@/lib/teams/switching';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Monitor' };

const UPTIME_WINDOWS = [
  ['Last 24 h', 1],
  ['Last 7 d', 7],
  ['Last 30 d', 30],
  ['Last 90 d', 90],
] as const;

export default async function MonitorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  const query = await searchParams;
  const monitor = isUuid(id) ? await monitorOverview(ctx.teamId, id, getEnv().WATCHPOST_AGENT_POLL_SECONDS) : null;
  if (!monitor) {
    await switchToTeamOf('monitor', id, `/monitors/${id}`);
    notFound();
  }

  const now = new Date();
  const timeZone = await viewerTimeZone();
  const range = chooseRange({ range: param(query.range), from: param(query.from), to: param(query.to) }, timeZone, now);
  const beforeMs = Number(param(query.before));
  const before = Number.isFinite(beforeMs) && beforeMs > 0 ? new Date(beforeMs) : undefined;

  const pollSeconds = getEnv().WATCHPOST_AGENT_POLL_SECONDS;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [uptimes, series, incidents, bars, heartbeats, maintenance, push, assertionResults, certificate, agent, locations, locationLatency, degraded, related] = await Promise.all([
    Promise.all(UPTIME_WINDOWS.map(([, days]) => windowStats(ctx.teamId, [monitor.id], { from: new Date(now.getTime() - days * DAY_MS), to: now }, now))),
    monitorSeries(ctx.teamId, monitor.id, range, now),
    monitorIncidents(ctx.teamId, monitor.id, new Date(Math.min(range.from.getTime(), now.getTime() - 90 * DAY_MS)), 1000),
    dailyBars(ctx.teamId, monitor.id, timeZone, 90, now),
    heartbeatPage(ctx.teamId, monitor.id, { before, limit: 50 }),
    monitorMaintenance(ctx.teamId, monitor.id, range.from, range.to),
    // What only some kinds of monitor have.
    monitor.type === 'push' ? pushSetup(ctx.teamId, monitor.id) : null,
    monitor.type === 'http' ? lastAssertionResults(ctx.teamId, monitor.id) : null,
    monitor.type === 'http' || monitor.type === 'tls' ? monitorCertificate(ctx.teamId, monitor.id) : null,
    TYPES_SINCE[monitor.type] ? getAgent(ctx.teamId, monitor.agentId, getEnv().WATCHPOST_AGENT_POLL_SECONDS) : null,
    // Several locations: each one's state, last 24 h and latency line (empty with one).
    monitorLocationDetails(ctx.teamId, monitor.id, pollSeconds, dayAgo, now),
    locationLatencyRows(ctx.teamId, monitor.id, range.from, range.to, chartStep(range)),
    degradedPeriodsBetween(ctx.teamId, monitor.id, new Date(Math.min(range.from.getTime(), dayAgo.getTime())), now),
    monitorDependencies(ctx.teamId, monitor.id),
  ]);
  const incidentPlaces = locations.length ? await incidentLocations(ctx.teamId, incidents.slice(0, 20).map((incident) => incident.id)) : new Map();
  const degradedSpans = degraded.map((period) => ({ start: period.startedAt.getTime(), end: period.endedAt?.getTime() ?? null }));
  const degradedInRange = unionSeconds(degradedSpans, range.from.getTime(), range.to.getTime(), now.getTime());
  const degradedToday = unionSeconds(degradedSpans, dayAgo.getTime(), now.getTime(), now.getTime());
  const note = locations.length
    ? locationNote(monitor.status, { total: locations.length, live: locations.filter((l) => l.live).length, failing: locations.filter((l) => l.live && l.status === 'down').map((l) => l.name) })
    : null;
  // An agent too old for this kind of monitor is not sent it (lib/agents/config.ts): say so.
  const tooOld = agent && agent.kind === 'remote' && !agentRuns(agent.version, monitor.type) ? agent : null;
  const summary = summarize({ total: series.total, incidents, maintenance, range, now, monitors: [monitor] });
  const checks = summary.checks;
  const points = chartPoints(series.points, series.step, range.from.getTime(), range.to.getTime());
  const rangeQuery = range.key === 'custom' ? `range=custom&from=${encodeURIComponent(range.fromInput)}&to=${encodeURIComponent(range.toInput)}` : `range=${range.key}`;

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href="/dashboard" className="text-sm text-brand-700 hover:underline">
          ← Dashboard
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="break-all text-2xl font-semibold">{monitor.name}</h1>
          <StatusBadge status={monitor.status} />
          {monitor.statusSince && monitor.status !== 'paused' && monitor.status !== 'unknown' ? (
            <span className="text-sm text-slate-600">
              since <TimeAgo date={monitor.statusSince} timeZone={timeZone} now={now} />
            </span>
          ) : null}
        </div>
        {note ? (
          <p className="text-sm font-medium text-slate-700" data-testid="location-note">
            {note}
          </p>
        ) : null}
        {degradedToday > 0 ? (
          <p className="text-sm text-yellow-800" data-testid="degraded-note">
            Degraded for {formatDuration(degradedToday)} in the last 24 h (checks slower than {monitor.degradedAfterMs?.toLocaleString('en-US')} ms).
          </p>
        ) : null}
        <p className="break-words text-sm text-slate-600">
          {push ? (
            <>
              PUSH · expects a ping <span className="break-all font-mono">{monitor.target}</span>, grace {formatDuration(push.options.graceSeconds)} · received by{' '}
            </>
          ) : (
            <>
              {monitor.type.toUpperCase()} · <span className="break-all font-mono">{monitor.target}</span> · every {monitor.intervalSeconds} s from{' '}
            </>
          )}
          <Link href={`/agents/${monitor.agentId}`} className="text-brand-700 hover:underline">
            {monitor.agentName}
          </Link>{' '}
          · last check <TimeAgo date={monitor.lastCheckAt} never="never" timeZone={timeZone} now={now} />
        </p>
        {tooOld ? (
          <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
            {tooOld.name} runs agent {tooOld.version}, which cannot run {monitor.type.toUpperCase()} checks: it skips this monitor until it is updated to {TYPES_SINCE[monitor.type]} or later (its page shows how).
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          {refusal(ctx.role, PERMISSIONS.manageMonitors) ? null : (
            <>
              <Link href={`/monitors/${monitor.id}/edit`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100">
                Edit
              </Link>
              <ToggleMonitorButton monitorId={monitor.id} enabled={monitor.enabled} name={monitor.name} />
            </>
          )}
          <a href={`/monitors/${monitor.id}/export?${rangeQuery}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100" download>
            Export CSV of this range
          </a>
        </div>
      </div>

      {push ? (
        <Card title="Ping URL and schedule">
          <PushPanel
            monitorId={monitor.id}
            pingUrl={push.pingUrl}
            kumaUrl={push.kumaUrl}
            cron={push.options.schedule === 'cron' ? push.options.cron : null}
            expectedAt={push.expectedAt}
            deadlineAt={push.deadlineAt}
            enabled={monitor.enabled}
            pings={push.pings}
            timeZone={timeZone}
            canManage={!refusal(ctx.role, PERMISSIONS.manageMonitors)}
          />
        </Card>
      ) : null}

      <section aria-label="Uptime" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {UPTIME_WINDOWS.map(([label], index) => {
          const stats = uptimes[index]!.get(monitor.id)!;
          return (
            <div key={label} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
              <p className="text-xs text-slate-600">Uptime · {label}</p>
              <p className="text-xl font-semibold tabular-nums" data-testid={`uptime-${label}`}>
                {formatUptime(uptimePercent(stats))}
              </p>
              <p className="text-xs text-slate-500">{plural(countedChecks(stats), 'check')}</p>
            </div>
          );
        })}
      </section>

      <Card title="Latency and checks">
        <div className="flex flex-wrap items-end gap-3">
          <nav aria-label="Range" className="flex flex-wrap gap-1">
            {(Object.keys(PRESET_RANGES) as PresetRange[]).map((key) => (
              <Link
                key={key}
                href={`/monitors/${monitor.id}?range=${key}`}
                aria-current={range.key === key ? 'page' : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${range.key === key ? 'bg-slate-900 text-white' : 'border border-slate-300 bg-white hover:bg-slate-100'}`}
              >
                {PRESET_LABELS[key]}
              </Link>
            ))}
          </nav>
          {/* Keyed by the range so its fields follow a range picked by link (defaultValue only applies on mount). */}
          <form key={`${range.fromInput}|${range.toInput}`} action={`/monitors/${monitor.id}`} className="flex flex-wrap items-end gap-2 text-sm" aria-label="Custom range">
            <input type="hidden" name="range" value="custom" />
            <label className="space-y-1">
              <span className="block text-xs font-medium text-slate-700">From</span>
              <input type="datetime-local" name="from" defaultValue={range.fromInput} required className="rounded-md border border-slate-300 px-2 py-1" />
            </label>
            <label className="space-y-1">
              <span className="block text-xs font-medium text-slate-700">To</span>
              <input type="datetime-local" name="to" defaultValue={range.toInput} required className="rounded-md border border-slate-300 px-2 py-1" />
            </label>
            <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100">
              Show range
            </button>
          </form>
        </div>
        {range.error ? (
          <p role="alert" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
            {range.error} Showing the last 24 hours.
          </p>
        ) : null}
        <p className="mt-3 text-xs text-slate-500">
          {formatDateTime(range.from, timeZone, { seconds: false })} – {formatDateTime(range.to, timeZone, { seconds: false })} ({timeZone})
        </p>
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-8" data-testid="range-stats">
          <Stat label="Uptime" value={formatUptime(summary.uptimePercent)} help />
          <Stat label="Downtime" value={`${formatDuration(summary.downtimeSeconds)} · ${plural(summary.incidents, 'incident')}`} />
          <Stat label="Median latency" value={`p50 ${formatLatency(summary.p50)}`} />
          <Stat label="95th percentile" value={`p95 ${formatLatency(summary.p95)}`} />
          <Stat label="99th percentile" value={`p99 ${formatLatency(summary.p99)}`} />
          <Stat label="Checks" value={checks.toLocaleString('en-US')} />
          <Stat label="Failed" value={summary.failed.toLocaleString('en-US')} />
          <Stat label="Coverage" value={summary.coverage === null ? '–' : `${Math.floor(summary.coverage * 1000) / 10} %`} />
          {monitor.degradedAfterMs !== null || degradedInRange > 0 ? <Stat label="Degraded" value={formatDuration(degradedInRange)} /> : null}
        </dl>
        <div className="mt-4">
          {checks === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-600">
              No checks in this range{monitor.lastCheckAt ? '' : ': this monitor has not reported yet'}.
            </p>
          ) : (
            <LatencyChart
              points={points}
              timeZone={timeZone}
              stepMs={series.step}
              from={range.from.getTime()}
              to={range.to.getTime()}
              maintenance={maintenance.map((m) => ({ from: m.startedAt.getTime(), to: Math.min(m.resolvedAt.getTime(), now.getTime()) }))}
              degraded={degraded.map((period) => ({ from: period.startedAt.getTime(), to: (period.endedAt ?? now).getTime() }))}
            />
          )}
        </div>
      </Card>

      {locations.length ? (
        <Card title="Locations" description={`Checked from ${plural(locations.length, 'location')}; ${monitor.quorumRule === 'k' ? `down when at least ${monitor.quorumK} agree` : monitor.quorumRule === 'all' ? 'down when every live location agrees' : 'down when any location confirms it'}. Offline agents do not vote.`}>
          <DataTable
            rows={locations}
            rowTestId="location-row"
            rowKey={(location) => location.agentId}
            columns={[
              { header: 'Location', cell: (location) => <Link href={`/agents/${location.agentId}`} className="text-brand-700 hover:underline">{location.name}</Link> },
              { header: 'Status', cell: (location) => <StatusBadge status={location.live ? (location.degraded && location.status === 'up' ? 'degraded' : location.status) : 'offline'} /> },
              { header: 'Uptime 24 h', cell: (location) => formatUptime(location.checks ? uptimePercent({ up: location.checks - location.failed, down: location.failed, timeout: 0, error: 0 }) : null), className: 'tabular-nums' },
              { header: 'Mean latency 24 h', cell: (location) => formatLatency(location.meanLatency), className: 'tabular-nums' },
              { header: 'Last check', cell: (location) => <TimeAgo date={location.lastCheckAt} never="never" timeZone={timeZone} now={now} />, hideBelow: 'sm' },
              { header: 'Last error', cell: (location) => (location.status === 'down' || location.status === 'pending' ? <span className="break-words text-red-700">{location.lastError}</span> : '–'), hideBelow: 'md' },
            ]}
          />
          {locationLatency.length ? (
            <div className="mt-4">
              <LocationLatencyChart points={locationPoints(locationLatency, locations)} locations={locations.map((location) => location.name)} timeZone={timeZone} from={range.from.getTime()} to={range.to.getTime()} />
            </div>
          ) : null}
        </Card>
      ) : null}

      {certificate ? (
        <Card title="Certificate">
          <CertificateDetails certificate={certificate} days={daysUntil(certificate.chainNotAfter, now.getTime())} timeZone={timeZone} />
        </Card>
      ) : null}

      {assertionResults ? (
        <Card title="Assertions">
          <AssertionResults
            assertions={(completeOptions('http', assertionResults.options) as HttpOptions).assertions}
            results={assertionResults.results}
            time={assertionResults.time}
            timeZone={timeZone}
          />
        </Card>
      ) : null}

      {related.dependsOn.length || related.dependents.length ? (
        <Card title="Dependencies" description="Alerting only: while a monitor this one depends on is down, this one’s new incidents are held and listed on that one’s incident. Uptime is counted as always.">
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            {[
              { label: 'Depends on', list: related.dependsOn },
              { label: 'Depended on by', list: related.dependents },
            ].map(({ label, list }) => (
              <div key={label}>
                <dt className="font-medium text-slate-700">{label}</dt>
                <dd>
                  {list.length ? (
                    <ul className="mt-1 space-y-1">
                      {list.map((other) => (
                        <li key={other.id} className="flex items-center gap-2">
                          <StatusBadge status={other.status} />
                          <Link href={`/monitors/${other.id}`} className="text-brand-700 hover:underline">
                            {other.name}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-slate-600">none</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      ) : null}

      <Card title="Last 90 days" description={`One bar per day in your time zone (${timeZone}); hover a day for its numbers.`}>
        <DayBars
          label={`Daily uptime of ${monitor.name}, last 90 days`}
          cells={bars.map((bar) => ({
            day: bar.day,
            uptime: uptimePercent(bar),
            checks: countedChecks(bar),
            failed: failedChecks(bar),
            downtimeSeconds: bar.downtimeSeconds,
            incidents: bar.incidents,
          }))}
        />
      </Card>

      <Card title="Incidents" description={incidents.length ? undefined : 'No incidents in the last 90 days.'}>
        {incidents.length ? (
          <ul className="divide-y divide-slate-100 text-sm">
            {incidents.slice(0, 20).map((incident) => (
              <li key={incident.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <StatusBadge status={incident.status} />
                <Link href={`/incidents/${incident.id}`} className="text-brand-700 hover:underline">
                  {formatDateTime(incident.startedAt, timeZone, { seconds: false })}
                </Link>
                {incidentPlaces.get(incident.id)?.length ? <span className="text-slate-700">from {incidentPlaces.get(incident.id)!.map((place: IncidentLocation) => place.name).join(', ')}</span> : null}
                <span className="text-slate-600">
                  {incident.resolvedAt ? `lasted ${formatDuration(incident.ttrSeconds ?? (incident.resolvedAt.getTime() - incident.startedAt.getTime()) / 1000)}` : `ongoing for ${formatDuration((now.getTime() - incident.startedAt.getTime()) / 1000)}`}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      <Card title="Recent heartbeats">
        {heartbeats.length === 0 ? (
          <p className="text-sm text-slate-600">{before ? 'No older heartbeats.' : 'No heartbeats yet.'}</p>
        ) : (
          <HeartbeatTable heartbeats={heartbeats} timeZone={timeZone} />
        )}
        <nav aria-label="Heartbeat pages" className="mt-3 flex gap-2 text-sm">
          {before ? (
            <Link href={`/monitors/${monitor.id}?${rangeQuery}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Newest
            </Link>
          ) : null}
          {heartbeats.length === 50 ? (
            <Link href={`/monitors/${monitor.id}?${rangeQuery}&before=${heartbeats.at(-1)!.time.getTime()}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Older heartbeats
            </Link>
          ) : null}
        </nav>
      </Card>

      <Card title="Delete monitor">
        <DeleteMonitorForm monitorId={monitor.id} />
      </Card>
    </div>
  );
}

/** A push monitor's ping URL (from WATCHPOST_PUBLIC_URL, else the address the browser used), schedule and recent pings. */
async function pushSetup(teamId: string, monitorId: string) {
  const [state, pings, base] = await Promise.all([pushState(teamId, monitorId), recentPings(teamId, monitorId), publicServerUrl()]);
  if (!state) return null;
  const urls = pingUrls(monitorId, state.keyEncrypted, base);
  return {
    options: pushOptionsOf(state.options),
    pingUrl: urls?.pingUrl ?? null,
    kumaUrl: urls?.kumaUrl ?? null,
    expectedAt: state.expectedAt,
    deadlineAt: state.deadlineAt,
    pings,
  };
}

function Stat({ label, value, help = false }: { label: string; value: string; help?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">
        {label}
        {help ? (
          <HelpTip label="How these figures are computed">
            <UptimeDefinition />
          </HelpTip>
        ) : null}
      </dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}

/** The per-location lines: one point per step, each location's mean under its name. */
function locationPoints(rows: { agentId: string; time: number; mean: number }[], locations: LocationDetail[]): LocationLatencyPoint[] {
  const names = new Map(locations.map((location) => [location.agentId, location.name]));
  const byTime = new Map<number, LocationLatencyPoint>();
  for (const row of rows) {
    const name = names.get(row.agentId);
    if (!name) continue;
    const point = byTime.get(row.time) ?? ({ time: row.time } as LocationLatencyPoint);
    point[name] = row.mean;
    byTime.set(row.time, point);
  }
  return [...byTime.values()];
}

/** One point per step of the range (steps start on the series' origin), steps without checks as gaps. */
function chartPoints(points: Awaited<ReturnType<typeof monitorSeries>>['points'], step: number, from: number, to: number): LatencyPoint[] {
  const byTime = new Map(points.map((point) => [point.time.getTime(), point]));
  const result: LatencyPoint[] = [];
  for (let time = SERIES_ORIGIN_MS + Math.floor((from - SERIES_ORIGIN_MS) / step) * step; time < to; time += step) {
    const point = byTime.get(time);
    const latency = point ? percentiles(point.histogram, [50, 95, 99]) : { 50: null, 95: null, 99: null };
    result.push({ time, p50: latency[50], p95: latency[95], p99: latency[99], failed: point ? failedChecks(point.counts) : 0, checks: point ? countedChecks(point.counts) : 0 });
  }
  return result;
}

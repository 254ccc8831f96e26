import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HeartbeatTable } from '@/components/dashboards/heartbeat-table';
import { Card } from '@/components/ui/card';
import { StatusBadge } from '@/components/ui/status-badge';
import { getIncident, incidentCauses } from '@/db/queries/incidents';
import { errorGroups, heartbeatsBetween } from '@/db/queries/timeseries';
import { incidentLocations } from '@/db/queries/locations';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime, formatDuration, plural } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { viewerTimeZone } from '@/lib/viewer';
import { IncidentActions } from '../_components/incident-actions';
import { incidentTimeline } from '@/lib/incidents/timeline';
import { pagesShowingMonitor } from '@/db/queries/status-pages';
import { type EscalationTimeline, incidentEscalation } from '@/db/queries/escalation';
import { switchToTeamOf } from '@/lib/teams/switching';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Incident' };

const AROUND_MS = 10 * 60_000;
const MAX_HEARTBEATS = 2000;

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  const incident = isUuid(id) ? await getIncident(ctx.teamId, id) : null;
  if (!incident) {
    await switchToTeamOf('incident', id, `/incidents/${id}`);
    notFound();
  }
  const timeZone = await viewerTimeZone();
  const now = new Date();
  const end = incident.resolvedAt ?? now;
  const [heartbeats, errors, pages, places, escalation, causes] = await Promise.all([
    heartbeatsBetween(ctx.teamId, incident.monitorId, { from: new Date(incident.startedAt.getTime() - AROUND_MS), to: new Date(end.getTime() + AROUND_MS) }, MAX_HEARTBEATS),
    errorGroups(ctx.teamId, incident.monitorId, { from: incident.startedAt, to: new Date(end.getTime() + 1) }),
    pagesShowingMonitor(ctx.teamId, incident.monitorId),
    incidentLocations(ctx.teamId, [incident.id]),
    incidentEscalation(ctx.teamId, incident.id),
    incidentCauses(ctx.teamId, incident.id),
  ]);
  const locations = places.get(incident.id) ?? [];
  const duration = (end.getTime() - incident.startedAt.getTime()) / 1000;
  const timeline = incidentTimeline(incident, now);

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Link href="/incidents" className="text-sm text-brand-700 hover:underline">
          ← Incidents
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">
            Incident on{' '}
            <Link href={`/monitors/${incident.monitorId}`} className="hover:underline">
              {incident.monitorName}
            </Link>
          </h1>
          <StatusBadge status={incident.status} />
          {incident.inMaintenance ? <StatusBadge status="maintenance" label="opened in maintenance" /> : null}
        </div>
        <p className="text-sm text-slate-600">
          {incident.resolvedAt ? `Down for ${formatDuration(duration)}` : `Down for ${formatDuration(duration)} so far`} · started{' '}
          {formatDateTime(incident.startedAt, timeZone)} ({timeZone})
        </p>
        {causes.causedBy ? (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="caused-by">
            Probably caused by{' '}
            <Link href={`/incidents/${causes.causedBy.incidentId}`} className="font-medium underline">
              {causes.causedBy.monitorName} is down
            </Link>
            {causes.causedBy.resolved ? ' (now resolved)' : ''}: this monitor depends on it.{' '}
            {causes.held ? 'No notification was sent for this incident; it is announced if this monitor is still down when that one recovers.' : ''}
          </p>
        ) : null}
        <IncidentActions incidentId={incident.id} status={incident.status} refusal={refusal(ctx.role, PERMISSIONS.respondToIncidents)} />
        {pages.length ? (
          <p className="flex flex-wrap gap-2 text-sm">
            {pages.map((page) => (
              <Link key={page.id} href={`/status-pages/${page.id}/posts/new?incident=${incident.id}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-100">
                Post to status page “{page.title}”
              </Link>
            ))}
          </p>
        ) : null}
      </div>

      <Card title="Timeline">
        <ol className="relative space-y-3 border-l border-slate-200 pl-5 text-sm" aria-label="Incident timeline">
          {timeline.map((entry) => (
            <li key={entry.label}>
              <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-slate-400" aria-hidden />
              <p className="font-medium">{entry.label}</p>
              <p className="text-slate-600">
                <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at, timeZone)}</time>
                {entry.detail ? ` · ${entry.detail}` : ''}
              </p>
            </li>
          ))}
          {!incident.resolvedAt ? (
            <li>
              <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-red-500" aria-hidden />
              <p className="font-medium text-red-700">Still down</p>
            </li>
          ) : null}
        </ol>
      </Card>

      {causes.effects.length ? (
        <Card title="Probably caused by this" description="Incidents of monitors that depend on this one, opened while it was down. They send no notification of their own unless still down after this one recovers.">
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Incidents probably caused by this one">
            {causes.effects.map((effect) => (
              <li key={effect.incidentId} className="flex flex-wrap items-center gap-3 py-2">
                <StatusBadge status={effect.resolved ? 'resolved' : 'open'} />
                <Link href={`/incidents/${effect.incidentId}`} className="text-brand-700 hover:underline">
                  {effect.monitorName}
                </Link>
                <span className="text-slate-600">{effect.held ? 'held: not announced' : 'announced'}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {escalation ? <EscalationCard escalation={escalation} timeZone={timeZone} /> : null}

      {locations.length ? (
        <Card title="Locations" description="The locations whose checks failed during this incident, with the last error each saw.">
          <ul className="space-y-1 text-sm" data-testid="incident-locations">
            {locations.map((location) => (
              <li key={location.name} className="flex flex-wrap gap-x-3">
                <span className="font-medium">{location.name}</span>
                <span className="text-slate-500 tabular-nums">{location.failed.toLocaleString('en-US')} failed</span>
                <span className="break-words text-red-700">{location.lastError ?? '(no message)'}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Errors" description={errors.length ? 'The failing checks of this incident, grouped by message.' : 'No failing checks are stored for this incident.'}>
        {errors.length ? (
          <ul className="space-y-1 text-sm">
            {errors.map((group) => (
              <li key={`${group.status}:${group.message}`} className="flex gap-3">
                <span className="w-16 shrink-0 text-right font-medium tabular-nums">{group.count.toLocaleString('en-US')}×</span>
                <span className="w-16 shrink-0 text-slate-500">{group.status}</span>
                <span className="break-words">{group.message}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      <Card title="Checks around it" description="From 10 minutes before it started to 10 minutes after it ended.">
        {heartbeats.length === 0 ? (
          <p className="text-sm text-slate-600">No heartbeats are stored for this time (they may be past your plan’s retention).</p>
        ) : (
          <div>
            <HeartbeatTable heartbeats={heartbeats} timeZone={timeZone} highlight={{ from: incident.startedAt, to: end }} />
            {heartbeats.length === MAX_HEARTBEATS ? (
              <p className="mt-2 text-xs text-slate-500">
                Showing the first {plural(MAX_HEARTBEATS, 'check')}; export the monitor’s heartbeats for the rest.
              </p>
            ) : null}
          </div>
        )}
      </Card>
    </div>
  );
}

const STOPPED: Record<string, string> = {
  acknowledged: 'Stopped: acknowledged',
  resolved: 'Stopped: resolved',
  finished: 'Finished: every step was sent',
  removed: 'Stopped: the monitor no longer uses this policy',
};
const SENT: Record<string, string> = { delivered: 'sent', queued: 'sending', failed: 'failed', cancelled: 'not sent (acknowledged first)', folded: 'folded' };

/** Who was told when, by which step, and what comes next. */
function EscalationCard({ escalation, timeZone }: { escalation: EscalationTimeline; timeZone: string }) {
  return (
    <Card title="Escalation" description={`By the policy “${escalation.policyName}” (${escalation.steps} step${escalation.steps === 1 ? '' : 's'}).`}>
      <ol className="relative space-y-3 border-l border-slate-200 pl-5 text-sm" aria-label="Escalation timeline">
        {escalation.fired.map((step) => (
          <li key={step.at.toISOString()}>
            <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white bg-amber-500" aria-hidden />
            <p className="font-medium">
              Step {step.step}
              {step.pass > 1 ? ` (pass ${step.pass})` : ''}
            </p>
            <p className="text-slate-600">
              <time dateTime={step.at.toISOString()}>{formatDateTime(step.at, timeZone)}</time>
              {' · '}
              {[...step.recipients.map((r) => `${r.name}: ${SENT[r.state] ?? r.state}`), ...step.alreadyTold.map((name) => `${name}: told when it opened`)].join(', ') ||
                'no one (its channels were deleted)'}
            </p>
          </li>
        ))}
        <li>
          <span className={`absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border-2 border-white ${escalation.next ? 'bg-slate-300' : 'bg-emerald-500'}`} aria-hidden />
          {escalation.next ? (
            <p className="font-medium">
              Next: step {escalation.next.step}
              {escalation.next.pass > 1 ? ` (pass ${escalation.next.pass})` : ''} at <time dateTime={escalation.next.at.toISOString()}>{formatDateTime(escalation.next.at, timeZone)}</time>, unless acknowledged
            </p>
          ) : escalation.stopped ? (
            <p className="font-medium">
              {STOPPED[escalation.stopped.because] ?? escalation.stopped.because} ·{' '}
              <time dateTime={escalation.stopped.at.toISOString()} className="font-normal text-slate-600">
                {formatDateTime(escalation.stopped.at, timeZone)}
              </time>
            </p>
          ) : null}
        </li>
      </ol>
    </Card>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { StatusBadge } from '@/components/ui/status-badge';
import { maintenanceForOwner, pageChoices } from '@/db/queries/maintenance';
import { monitorChoices } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { repeatOf } from '@/lib/maintenance/schemas';
import { param, type SearchParams } from '@/lib/search-params';
import { viewerTimeZone } from '@/lib/viewer';
import { DeleteMaintenanceForm, MaintenanceForm, RunningMaintenanceForms } from '../_components/maintenance-forms';
import { switchToTeamOf } from '@/lib/teams/switching';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Maintenance' };

/** The wall-clock end of a window's first occurrence: its start plus its length on the wall clock. */
const wallEnd = (start: string, minutes: number) => new Date(Date.parse(`${start}:00Z`) + minutes * 60_000).toISOString().slice(0, 16);

export default async function MaintenanceDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  const [window, monitors, pages, query, timeZone] = await Promise.all([maintenanceForOwner(ctx.teamId, id), monitorChoices(ctx.teamId), pageChoices(ctx.teamId), searchParams, viewerTimeZone()]);
  if (!window) {
    await switchToTeamOf('maintenance', id, `/maintenance/${id}`);
    notFound();
  }
  const span = (o: { startsAt: Date; endsAt: Date }) => `${formatDateTime(o.startsAt, timeZone, { seconds: false })} – ${formatDateTime(o.endsAt, timeZone, { seconds: false })}`;
  const state = window.running ? 'in progress' : window.upcoming.length ? 'scheduled' : 'completed';
  return (
    <div className="space-y-6">
      <div>
        <Link href="/maintenance" className="text-sm text-brand-700 hover:underline">
          ← Maintenance
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold">
          {window.title} <StatusBadge status={window.running ? 'maintenance' : window.upcoming.length ? 'pending' : 'resolved'} label={state} />
        </h1>
        <p className="text-sm text-slate-600">
          {window.rrule ? `Repeats (${window.rrule}) in ${window.timeZone}` : `Once, in ${window.timeZone}`} · {monitors.filter((m) => window.monitorIds.includes(m.id)).map((m) => m.name).join(', ')}
        </p>
      </div>
      <FormSuccess message={param(query.notice) === 'created' ? 'Maintenance scheduled.' : undefined} />

      {window.running ? (
        <Card title="Under way" description={`${span(window.running)}. End it now, or give it more time.`}>
          <Allowed reason={refusal(ctx.role, PERMISSIONS.runMaintenance)}>
            <RunningMaintenanceForms windowId={window.id} />
          </Allowed>
        </Card>
      ) : null}

      <Card title="When">
        <div className="grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <h2 className="font-medium">Next</h2>
            {window.upcoming.length ? (
              <ul className="mt-1 space-y-1" aria-label="Next times">
                {window.upcoming.map((o) => (
                  <li key={o.startsAt.toISOString()}>{span(o)}</li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-slate-600">Nothing planned.</p>
            )}
          </div>
          <div>
            <h2 className="font-medium">Past</h2>
            {window.past.length ? (
              <ul className="mt-1 space-y-1" aria-label="Past times">
                {window.past.map((o) => (
                  <li key={o.startsAt.toISOString()}>{span(o)}</li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-slate-600">None yet.</p>
            )}
          </div>
        </div>
      </Card>

      <Card title="Edit">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageMaintenance)}><MaintenanceForm
          monitors={monitors}
          pages={pages}
          initial={{
            windowId: window.id,
            title: window.title,
            description: window.description,
            timeZone: window.timeZone,
            start: window.startsAtLocal,
            end: wallEnd(window.startsAtLocal, window.durationMinutes),
            ...repeatOf(window.rrule),
            monitorIds: window.monitorIds,
            pageIds: window.pageIds,
            notifySubscribers: window.notifySubscribers,
          }}
        /></Allowed>
      </Card>

      <Card title="Delete">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageMaintenance)}><DeleteMaintenanceForm windowId={window.id} /></Allowed>
      </Card>
    </div>
  );
}

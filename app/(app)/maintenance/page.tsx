import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { StatusBadge } from '@/components/ui/status-badge';
import { listMaintenance, pageChoices } from '@/db/queries/maintenance';
import { monitorChoices } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { param, type SearchParams } from '@/lib/search-params';
import { dateToWallTime } from '@/lib/timezone';
import { viewerTimeZone } from '@/lib/viewer';
import { MaintenanceForm } from './_components/maintenance-forms';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Maintenance' };

const HOUR_MS = 3_600_000;

export default async function MaintenancePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const [windows, monitors, pages, params, timeZone] = await Promise.all([listMaintenance(ctx.teamId), monitorChoices(ctx.teamId), pageChoices(ctx.teamId), searchParams, viewerTimeZone()]);
  // The form starts at the next full hour, for an hour.
  const start = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Maintenance</h1>
      <FormSuccess message={param(params.notice) === 'deleted' ? 'Maintenance deleted.' : undefined} />
      <Card title="Maintenance windows" description="Planned work: the monitors it covers stay quiet, their checks are left out of uptime, and your status pages say “under maintenance”.">
        {windows.length === 0 ? (
          <p className="text-sm text-slate-600">No maintenance planned. Schedule some below.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-slate-600">
                <tr>
                  <th className="py-1 pr-4 font-medium">Title</th>
                  <th className="py-1 pr-4 font-medium">State</th>
                  <th className="py-1 pr-4 font-medium">When</th>
                  <th className="hidden py-1 pr-4 font-medium sm:table-cell">Repeats</th>
                  <th className="hidden py-1 pr-4 font-medium sm:table-cell">Monitors</th>
                </tr>
              </thead>
              <tbody>
                {windows.map((window) => (
                  <tr key={window.id} className="border-t border-slate-100">
                    <td className="py-2 pr-4">
                      <Link href={`/maintenance/${window.id}`} className="font-medium text-brand-700 hover:underline">
                        {window.title}
                      </Link>
                    </td>
                    <td className="py-2 pr-4">
                      <StatusBadge status={window.state === 'in progress' ? 'maintenance' : window.state === 'scheduled' ? 'pending' : 'resolved'} label={window.state} />
                    </td>
                    <td className="py-2 pr-4 text-slate-700">
                      {window.startsAt && window.endsAt ? `${formatDateTime(window.startsAt, timeZone, { seconds: false })} – ${formatDateTime(window.endsAt, timeZone, { seconds: false })}` : '–'}
                    </td>
                    <td className="hidden py-2 pr-4 font-mono text-xs sm:table-cell">{window.rrule ?? 'no'}</td>
                    <td className="hidden py-2 pr-4 sm:table-cell">{window.monitors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Schedule maintenance">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageMaintenance)}><MaintenanceForm
          monitors={monitors}
          pages={pages}
          initial={{
            title: '',
            description: '',
            timeZone,
            start: dateToWallTime(start, timeZone),
            end: dateToWallTime(new Date(start.getTime() + HOUR_MS), timeZone),
            repeat: 'none',
            rrule: '',
            monitorIds: [],
            pageIds: [],
            notifySubscribers: false,
          }}
        /></Allowed>
      </Card>
    </div>
  );
}

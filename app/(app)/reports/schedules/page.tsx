import type { Metadata } from 'next';
import { Allowed } from '@/components/ui/allowed';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { listMonitors } from '@/db/queries/monitors';
import { listSchedules } from '@/db/queries/report-schedules';
import { listStatusPages } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';
import { ReliabilityTabs } from '../../_components/reliability-tabs';
import { DeleteScheduleForm, ScheduleForm, SendNowForm } from './_components/schedule-forms';

export const metadata: Metadata = { title: 'Scheduled reports' };

export default async function SchedulesPage() {
  const { ctx, team } = await requireTeam();
  const [schedules, monitors, pages] = await Promise.all([listSchedules(ctx.teamId), listMonitors(ctx.teamId), listStatusPages(ctx.teamId)]);
  const readOnly = refusal(ctx.role, PERMISSIONS.manageSlos);
  const when = (date: Date) => formatDateTime(date, team.timeZone, { seconds: false });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">SLOs and reports</h1>
      <ReliabilityTabs current="/reports/schedules" />
      <Card title="Scheduled reports" description={`Mailed with the PDF attached, for the week or month just ended, at the hour chosen in ${team.timeZone} (the team’s time zone, Settings → Team). Sent through the notification outbox: retried and logged like every notification.`}>
        {schedules.length === 0 ? (
          <p className="text-sm text-slate-600">No schedules yet. Add one below to mail last month’s report on the 1st, to your customers or your managers.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {schedules.map((s) => (
              <li key={s.id} className="space-y-2 py-4" data-testid="schedule">
                <div>
                  <p className="font-medium">{s.name}</p>
                  <p className="text-sm text-slate-600">
                    {s.cadence === 'monthly' ? 'Monthly, on the 1st' : 'Weekly, on Mondays'} at {String(s.hour).padStart(2, '0')}:00 · {s.scope} · to {[...s.addresses, ...(s.toMembers ? ['every member'] : [])].join(', ')}
                  </p>
                  <p className="text-sm text-slate-600">
                    Next: {when(s.nextRunAt)}
                    {s.lastRunAt ? ` · last: ${when(s.lastRunAt)}` : ''}
                  </p>
                </div>
                {s.deliveries.length ? (
                  <div className="overflow-x-auto">
                    <DataTable
                      rows={s.deliveries}
                      rowKey={(d) => `${d.to}-${d.at.getTime()}`}
                      rowTestId="schedule-delivery"
                      columns={[
                        { header: 'To', cell: (d) => d.to },
                        { header: 'Period', className: 'whitespace-nowrap', cell: (d) => d.period },
                        { header: 'Queued', className: 'whitespace-nowrap', cell: (d) => when(d.at) },
                        {
                          header: 'State',
                          cell: (d) => (
                            <span className={d.state === 'failed' ? 'text-red-700' : ''}>
                              {d.state}
                              {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
                              {d.lastError ? <span className="block text-xs text-slate-600">{d.lastError.slice(0, 200)}</span> : null}
                            </span>
                          ),
                        },
                      ]}
                    />
                  </div>
                ) : null}
                <Allowed reason={readOnly}>
                  <div className="flex flex-wrap items-start gap-6">
                    <SendNowForm scheduleId={s.id} />
                    <details className="text-sm">
                      <summary className="cursor-pointer text-slate-700">Delete…</summary>
                      <div className="mt-2">
                        <DeleteScheduleForm scheduleId={s.id} />
                      </div>
                    </details>
                  </div>
                </Allowed>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Add a schedule">
        <Allowed reason={readOnly}>
          <ScheduleForm monitors={monitors.map((m) => ({ id: m.id, name: m.name }))} pages={pages.map((p) => ({ id: p.id, name: p.title }))} timeZone={team.timeZone} />
        </Allowed>
      </Card>
    </div>
  );
}

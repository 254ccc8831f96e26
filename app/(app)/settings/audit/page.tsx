import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Pager } from '@/components/ui/pager';
import { auditActors, auditPage } from '@/db/queries/audit';
import { requireTeam } from '@/lib/auth/session';
import { parseAuditFilters } from '@/lib/audit/filters';
import { AUDIT_KINDS } from '@/lib/audit/record';
import { param, type SearchParams } from '@/lib/search-params';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';
import { viewerTimeZone } from '@/lib/viewer';
import { SettingsTabs } from '../_components/settings-tabs';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;
const KIND_LABELS: Record<string, string> = {
  agent: 'Agents',
  monitor: 'Monitors',
  incident: 'Incidents',
  channel: 'Notification channels',
  status_page: 'Status pages',
  component: 'Status page components',
  post: 'Status page posts',
  maintenance: 'Maintenance',
  team: 'Team',
  member: 'Members',
  invitation: 'Invitations',
  plan: 'Plan',
  api_token: 'API tokens',
  escalation_policy: 'Escalation policies',
  slo: 'SLOs',
  report_schedule: 'Scheduled reports',
};

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx, team } = await requireTeam();
  const reason = refusal(ctx.role, PERMISSIONS.readAuditLog);
  const query = await searchParams;
  const filters = parseAuditFilters((name) => param(query[name]));
  const header = (
    <>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/audit" />
    </>
  );
  if (reason) {
    return (
      <div className="space-y-6">
        {header}
        <p className="text-sm text-slate-600">{reason}</p>
      </div>
    );
  }
  const [{ events, total }, actors, timeZone] = await Promise.all([
    auditPage(ctx.teamId, filters, { page: filters.page, pageSize: PAGE_SIZE }),
    auditActors(ctx.teamId),
    viewerTimeZone(),
  ]);
  const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone });
  const selected = {
    person: filters.actorUserId ?? '',
    kind: filters.kind ?? '',
    from: param(query.from) ?? '',
    to: param(query.to) ?? '',
  };
  const link = (extra: Record<string, string | number>) =>
    `?${new URLSearchParams(Object.entries({ ...selected, ...extra }).filter(([, value]) => value !== '').map(([key, value]) => [key, String(value)]))}`;
  const control = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm';
  return (
    <div className="space-y-6">
      {header}
      <Card title={`Audit log of ${team.name}`} description="Every change made in this team: who, what, which object, when and from which IP. Kept 400 days. Changed fields are named; their values are not recorded.">
        <form method="get" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_10rem_auto] sm:items-end">
          <label className="space-y-1 text-sm font-medium text-slate-700">
            <span className="block">Person</span>
            <select name="person" defaultValue={selected.person} className={control}>
              <option value="">Anyone</option>
              {actors.map((actor) => (
                <option key={actor.userId} value={actor.userId}>
                  {actor.email}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1 text-sm font-medium text-slate-700">
            <span className="block">Object</span>
            <select name="kind" defaultValue={selected.kind} className={control}>
              <option value="">Anything</option>
              {AUDIT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1 text-sm font-medium text-slate-700">
            <span className="block">From</span>
            <input type="date" name="from" defaultValue={selected.from} className={control} />
          </label>
          <label className="space-y-1 text-sm font-medium text-slate-700">
            <span className="block">To</span>
            <input type="date" name="to" defaultValue={selected.to} className={control} />
          </label>
          <div className="flex gap-2">
            <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
              Filter
            </button>
            <a href={`/settings/audit/export${link({})}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
              Export CSV
            </a>
          </div>
        </form>
        <div className="mt-6 overflow-x-auto">
          {events.length === 0 ? (
            <p className="text-sm text-slate-600">No changes match.</p>
          ) : (
            <DataTable
              rows={events}
              rowKey={(event) => event.id}
              rowTestId="audit-row"
              columns={[
                { header: 'When', className: 'whitespace-nowrap', cell: (event) => when.format(event.createdAt) },
                { header: 'Who', cell: (event) => event.actor },
                { header: 'What', cell: (event) => event.action.replaceAll('_', ' ') },
                {
                  header: 'Object',
                  cell: (event) => (
                    <>
                      {KIND_LABELS[event.objectKind] ?? event.objectKind}
                      {event.objectLabel ? <span className="block text-slate-600">{event.objectLabel}</span> : null}
                    </>
                  ),
                },
                { header: 'Fields', cell: (event) => event.fields.join(', ') },
                { header: 'IP', className: 'font-mono text-xs', cell: (event) => event.ip ?? '' },
              ]}
            />
          )}
        </div>
        {total > PAGE_SIZE ? (
          <div className="mt-4">
            <Pager summary={`${total} changes`} page={filters.page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(page) => link({ page })} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}

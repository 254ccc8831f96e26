import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterSelect } from '@/components/ui/filter-select';
import { FormSuccess } from '@/components/ui/form-message';
import { StatusBadge } from '@/components/ui/status-badge';
import { agentChoices } from '@/db/queries/agents';
import { listMonitors } from '@/db/queries/monitors';
import { usageOverview } from '@/lib/plans/overview';
import { requireTeam } from '@/lib/auth/session';
import { ToggleMonitorButton } from './_components/monitor-row-actions';
import { isUuid } from '@/lib/ids';
import { PERMISSIONS, refusal as refusalFor } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Monitors' };

const STATUSES = ['unknown', 'up', 'pending', 'down', 'paused'] as const;
const notices: Record<string, string> = { created: 'Monitor created.', saved: 'Monitor saved.', deleted: 'Monitor deleted.' };

export default async function MonitorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, team } = await requireTeam();
  const params = await searchParams;
  const status = STATUSES.find((value) => value === params.status);
  const agentId = isUuid(params.agent) ? params.agent : undefined;
  const [monitors, agents, usage] = await Promise.all([listMonitors(ctx.teamId, { status, agentId }), agentChoices(ctx.teamId), usageOverview(team.ownerId)]);
  const mayEdit = !refusalFor(ctx.role, PERMISSIONS.manageMonitors);
  const refusal = refusalFor(ctx.role, PERMISSIONS.manageMonitors) ?? usage.resources.monitors.refusal;
  const notice = typeof params.notice === 'string' ? notices[params.notice] : undefined;
  const filtered = Boolean(status || agentId);

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Monitors</h1>
        {agents.length === 0 ? null : refusal ? (
          <button type="button" disabled aria-describedby="monitor-limit" className="cursor-not-allowed rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white opacity-60">
            Add monitor
          </button>
        ) : (
          <Link href="/monitors/new" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
            Add monitor
          </Link>
        )}
      </div>
      {refusal && agents.length ? (
        <p id="monitor-limit" className="text-sm text-slate-700">
          {refusal}
        </p>
      ) : null}
      <FormSuccess message={notice} />
      {agents.length === 0 ? (
        <p className="text-sm text-slate-600">
          Monitors run on an agent. <Link href="/agents" className="text-brand-700 hover:underline">Add an agent</Link> first.
        </p>
      ) : (
        <>
          <form className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter monitors">
            <FilterSelect label="Status" name="status" value={status} options={STATUSES.map((value) => [value, value])} />
            <FilterSelect label="Agent" name="agent" value={agentId} options={agents.map((agent) => [agent.id, agent.name])} />
            <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-100">
              Filter
            </button>
            {filtered ? (
              <Link href="/monitors" className="py-2 text-brand-700 hover:underline">
                Clear
              </Link>
            ) : null}
          </form>
          {monitors.length === 0 ? (
            <p className="text-sm text-slate-600">{filtered ? 'No monitors match.' : 'No monitors yet.'}</p>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
              <table className="w-full text-sm">
                <thead className="bg-slate-50 text-left text-slate-600">
                  <tr>
                    <th className="px-4 py-2 font-medium">Name</th>
                    <th className="px-4 py-2 font-medium">Type</th>
                    <th className="px-4 py-2 font-medium">Target</th>
                    <th className="px-4 py-2 font-medium">Agent</th>
                    <th className="px-4 py-2 font-medium">Status</th>
                    <th className="px-4 py-2 font-medium">Every</th>
                    <th className="px-4 py-2" />
                  </tr>
                </thead>
                <tbody>
                  {monitors.map((monitor) => (
                    <tr key={monitor.id} className="border-t border-slate-100">
                      <td className="px-4 py-2 font-medium">
                        <Link href={`/monitors/${monitor.id}`} className="hover:underline">
                          {monitor.name}
                        </Link>
                      </td>
                      <td className="px-4 py-2 uppercase text-slate-600">{monitor.type}</td>
                      <td className="max-w-xs truncate px-4 py-2 font-mono text-xs" title={monitor.target}>
                        {monitor.target}
                      </td>
                      <td className="px-4 py-2">{monitor.agentName}</td>
                      <td className="px-4 py-2">
                        <StatusBadge status={monitor.status ?? 'unknown'} />
                      </td>
                      <td className="px-4 py-2">{monitor.intervalSeconds ?? 30} s</td>
                      <td className="whitespace-nowrap px-4 py-2 text-right">
                        {mayEdit ? (
                          <>
                            <ToggleMonitorButton monitorId={monitor.id} enabled={monitor.enabled !== false} name={monitor.name} />
                            <Link href={`/monitors/${monitor.id}/edit`} aria-label={`Edit ${monitor.name}`} className="rounded-md px-2 py-1 text-brand-700 hover:bg-slate-100">
                              Edit
                            </Link>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { BudgetBar } from '@/components/charts/budget-bar';
import { Allowed } from '@/components/ui/allowed';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { FormSuccess } from '@/components/ui/form-message';
import { listSlos, sloSubjects } from '@/db/queries/slos';
import { requireTeam } from '@/lib/auth/session';
import { riskOrder, WINDOW_LABELS } from '@/lib/slo/compute';
import { formatAttainment, formatBudgetLeft, formatBurn, formatTarget, sloState } from '@/lib/slo/format';
import { sloStatuses } from '@/lib/slo/reads';
import { param, type SearchParams } from '@/lib/search-params';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';
import { ReliabilityTabs } from '../_components/reliability-tabs';
import { SloForm } from './_components/slo-form';

export const metadata: Metadata = { title: 'SLOs' };

export default async function SlosPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const [slos, subjects, params] = await Promise.all([listSlos(ctx.teamId), sloSubjects(ctx.teamId), searchParams]);
  const statuses = (await sloStatuses(slos)).sort(riskOrder);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">SLOs and reports</h1>
      <ReliabilityTabs current="/slos" />
      <FormSuccess message={param(params.notice) === 'deleted' ? 'SLO deleted.' : undefined} />
      <Card title="Service level objectives" description="Most at risk first: the least error budget left, then the fastest burn. Maintenance is never counted.">
        {statuses.length === 0 ? (
          <p className="text-sm text-slate-600">No SLOs yet. Set one below: a target such as 99.9 % for a monitor or a status page component over 30 days, and Watchpost tracks its error budget and warns when it burns fast.</p>
        ) : (
          <div className="overflow-x-auto">
            <DataTable
              rows={statuses}
              rowKey={(s) => s.slo.id}
              rowTestId="slo-row"
              columns={[
                {
                  header: 'SLO',
                  cell: (s) => (
                    <div>
                      <Link href={`/slos/${s.slo.id}`} className="font-medium text-brand-700 hover:underline">
                        {s.slo.name}
                      </Link>
                      <div className="text-xs text-slate-600">
                        {s.slo.subject}
                        <span className="sm:hidden"> · target {formatTarget(s.slo.target)}</span>
                      </div>
                    </div>
                  ),
                },
                { header: 'Target', hideBelow: 'sm', cell: (s) => <span className="whitespace-nowrap">{formatTarget(s.slo.target)}</span> },
                { header: 'Window', hideBelow: 'md', cell: (s) => WINDOW_LABELS[s.slo.window] },
                { header: 'So far', cell: (s) => <span className={`whitespace-nowrap ${s.met === false ? 'font-medium text-red-700' : ''}`}>{formatAttainment(s.attainment)}</span> },
                { header: 'Budget left', cell: (s) => <BudgetBar leftShare={s.budget.leftShare} label={formatBudgetLeft(s.budget)} /> },
                { header: 'Burn 1 h / 6 h', hideBelow: 'lg', cell: (s) => <span className="whitespace-nowrap">{`${formatBurn(s.burn['1h'])} / ${formatBurn(s.burn['6h'])}`}</span> },
                {
                  header: 'State',
                  cell: (s) => {
                    const state = sloState(s);
                    return <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${state.tone}`}>{state.label}</span>;
                  },
                },
              ]}
            />
          </div>
        )}
      </Card>
      <Card title="Add an SLO">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageSlos)}>
          <SloForm
            initial={{ name: '', subject: '', target: '99.9', window: '30d', degradedCountsAsDown: false, fastBurn: '14.4', slowBurn: '6' }}
            monitors={subjects.monitors}
            components={subjects.components}
          />
        </Allowed>
      </Card>
    </div>
  );
}

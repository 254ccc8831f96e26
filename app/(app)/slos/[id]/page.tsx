import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BudgetBar } from '@/components/charts/budget-bar';
import { BudgetChart } from '@/components/charts/budget-chart';
import { Allowed } from '@/components/ui/allowed';
import { Card } from '@/components/ui/card';
import { getSlo, sloSubjects } from '@/db/queries/slos';
import { requireTeam } from '@/lib/auth/session';
import { formatCount, formatDateTime } from '@/lib/format';
import { isUuid } from '@/lib/ids';
import { BURN_WINDOW_NAMES, WINDOW_LABELS } from '@/lib/slo/compute';
import { formatAttainment, formatBudgetLeft, formatBurn, formatMinutes, formatTarget, sloState } from '@/lib/slo/format';
import { burnDown, sloStatuses } from '@/lib/slo/reads';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';
import { viewerTimeZone } from '@/lib/viewer';
import { ReliabilityTabs } from '../../_components/reliability-tabs';
import { DeleteSloForm, SloForm } from '../_components/slo-form';

export const metadata: Metadata = { title: 'SLO' };

const BURN_LABELS = { '5m': '5 min', '30m': '30 min', '1h': '1 hour', '6h': '6 hours', '3d': '3 days' } as const;

export default async function SloPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { ctx } = await requireTeam();
  if (!isUuid(id)) notFound();
  const slo = await getSlo(ctx.teamId, id);
  if (!slo) notFound();
  const now = new Date();
  const [[status], subjects, timeZone] = await Promise.all([sloStatuses([slo], now), sloSubjects(ctx.teamId), viewerTimeZone()]);
  const chart = await burnDown(status!, now);
  const { period, budget, counts } = status!;
  const span = period.end.getTime() - period.from.getTime();
  const points = [
    { time: period.from.getTime(), left: budget.allowed > 0 ? 100 : null, even: 100 },
    ...chart.points.map((p) => ({
      time: Math.min(p.time.getTime() + chart.step, now.getTime()),
      left: p.leftShare === null ? null : Math.round(p.leftShare * 1000) / 10,
      even: Math.round((1 - (Math.min(p.time.getTime() + chart.step, now.getTime()) - period.from.getTime()) / span) * 1000) / 10,
    })),
    { time: period.end.getTime(), left: null, even: 0 },
  ];
  const state = sloState(status!);
  const readOnly = refusal(ctx.role, PERMISSIONS.manageSlos);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/slos" className="text-brand-700 hover:underline">
            ← SLOs
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold">{slo.name}</h1>
        <p className="text-sm text-slate-600">
          {formatTarget(slo.target)} of checks good on {slo.monitorId ? <Link href={`/monitors/${slo.monitorId}`} className="text-brand-700 hover:underline">{slo.subject}</Link> : slo.subject}, {WINDOW_LABELS[slo.window].toLowerCase()}
          {slo.degradedCountsAsDown ? '; degraded counts as down' : ''}; maintenance not counted.{' '}
          <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${state.tone}`}>{state.label}</span>
        </p>
      </div>
      <ReliabilityTabs current="/slos" />

      <section aria-label="Numbers" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {[
          { label: 'Attainment so far', value: formatAttainment(status!.attainment), note: `${formatCount(counts.good)} good of ${formatCount(counts.good + counts.bad)} checks` },
          { label: 'Error budget', value: formatMinutes(budget.allowedMinutes), note: `${formatCount(Math.floor(budget.allowed))} failed checks allowed in the window` },
          { label: 'Used', value: formatMinutes(budget.usedMinutes), note: `${formatCount(budget.used)} failed checks` },
          { label: 'Left', value: formatBudgetLeft(budget), note: budget.exhausted ? 'The budget is spent' : `${formatMinutes(Math.max(0, budget.allowedMinutes - budget.usedMinutes))} to spare` },
        ].map((item) => (
          <div key={item.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">{item.label}</p>
            <p className="mt-1 text-xl font-semibold" data-testid={`slo-${item.label.toLowerCase().replace(/\s+/g, '-')}`}>
              {item.value}
            </p>
            <p className="text-xs text-slate-500">{item.note}</p>
          </div>
        ))}
      </section>

      <Card title="Error budget across the window" description={`From ${formatDateTime(period.from, timeZone, { seconds: false })} to ${formatDateTime(period.end, timeZone, { seconds: false })}. The dashed line is an even spend that ends the window with nothing left.`}>
        <BudgetBar leftShare={budget.leftShare} label={`${formatBudgetLeft(budget)} left`} />
        <div className="mt-4">
          <BudgetChart points={points} from={period.from.getTime()} end={period.end.getTime()} timeZone={timeZone} />
        </div>
      </Card>

      <Card title="Burn rate" description={`How fast the budget is spent: 1× spends exactly the budget over the window. Alerts: ${formatBurn(slo.fastBurn)} over 1 hour and 5 minutes, or ${formatBurn(slo.slowBurn)} over 6 hours and 30 minutes.`}>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {BURN_WINDOW_NAMES.map((name) => (
            <div key={name}>
              <dt className="text-sm text-slate-600">Last {BURN_LABELS[name]}</dt>
              <dd className="text-lg font-semibold" data-testid={`burn-${name}`}>
                {formatBurn(status!.burn[name])}
              </dd>
            </div>
          ))}
        </dl>
        {slo.burningSince ? <p className="mt-3 text-sm text-amber-900">Burning since {formatDateTime(slo.burningSince, timeZone, { seconds: false })}: the channels were told.</p> : null}
        {slo.exhaustedAt ? <p className="mt-1 text-sm text-red-800">Budget used up at {formatDateTime(slo.exhaustedAt, timeZone, { seconds: false })}.</p> : null}
      </Card>

      {slo.monitors.length > 1 ? (
        <Card title="Monitors counted" description="The component’s monitors as it is now; their checks add up.">
          <ul className="list-inside list-disc text-sm">
            {slo.monitors.map((m) => (
              <li key={m.id}>
                <Link href={`/monitors/${m.id}`} className="text-brand-700 hover:underline">
                  {m.name}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Edit SLO">
        <Allowed reason={readOnly}>
          <SloForm
            initial={{
              sloId: slo.id,
              name: slo.name,
              subject: slo.monitorId ? `monitor:${slo.monitorId}` : `component:${slo.componentId}`,
              target: String(slo.target),
              window: slo.window,
              degradedCountsAsDown: slo.degradedCountsAsDown,
              fastBurn: String(slo.fastBurn),
              slowBurn: String(slo.slowBurn),
            }}
            monitors={subjects.monitors}
            components={subjects.components}
          />
        </Allowed>
      </Card>
      <Card title="Delete SLO">
        <Allowed reason={readOnly}>
          <DeleteSloForm sloId={slo.id} />
        </Allowed>
      </Card>
    </div>
  );
}

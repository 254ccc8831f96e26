import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { recentUsageEvents } from '@/db/queries/usage';
import { type ResourceUsage, usageOverview } from '@/lib/plans/overview';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { COUNTED, PLAN_NAMES, PLANS } from '@/lib/plans';
import { viewerTimeZone } from '@/lib/viewer';
import { SettingsTabs } from '../_components/settings-tabs';

export const metadata: Metadata = { title: 'Plan and usage' };

const EVENT_TEXT: Record<string, (event: { resource: string; quantity: number; used: number; limit: number; plan: string }) => string> = {
  created: (e) => `${e.quantity === 1 ? singular(e.resource) : `${e.quantity} ${e.resource}`} created: ${e.used} of ${e.limit}`,
  deleted: (e) => `${e.quantity === 1 ? singular(e.resource) : `${e.quantity} ${e.resource}`} deleted: ${e.used} of ${e.limit}`,
  approaching: (e) => `Approaching the ${e.resource} limit: ${e.used} of ${e.limit} (80 % or more)`,
  reached: (e) => `Reached the ${e.resource} limit: ${e.used} of ${e.limit}`,
  plan_changed: (e) => `Plan changed to ${e.plan}: ${e.used} of ${e.limit} ${e.resource}`,
};

function singular(resource: string): string {
  return resource === 'agents' ? 'Agent' : resource === 'monitors' ? 'Monitor' : resource;
}

function UsageBar({ usage }: { usage: ResourceUsage }) {
  const percent = Math.min(100, Math.round((usage.used / usage.limit) * 100));
  const colour = usage.level === 'reached' ? 'bg-red-600' : usage.level === 'approaching' ? 'bg-amber-500' : 'bg-brand-600';
  const label = usage.resource === 'agents' ? 'Agents' : 'Monitors';
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm">
        <span id={`usage-${usage.resource}`} className="font-medium">
          {label}
        </span>
        <span className="tabular-nums text-slate-700">
          {usage.used} of {usage.limit}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby={`usage-${usage.resource}`}
        aria-valuemin={0}
        aria-valuemax={usage.limit}
        aria-valuenow={Math.min(usage.used, usage.limit)}
        aria-valuetext={`${usage.used} of ${usage.limit} ${usage.resource}`}
        className="h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full ${colour}`} style={{ width: `${percent}%` }} />
      </div>
      {usage.used > usage.limit ? (
        <p className="text-sm text-red-800">
          Over the limit: the {usage.used - usage.limit} extra keep working, and new ones are refused until you are under it.
        </p>
      ) : usage.refusal ? (
        <p className="text-sm text-red-800">{usage.refusal}</p>
      ) : null}
    </div>
  );
}

export default async function UsagePage() {
  const { ctx, team } = await requireTeam();
  const [usage, events, timeZone] = await Promise.all([usageOverview(team.ownerId), recentUsageEvents(team.ownerId), viewerTimeZone()]);
  const limits = PLANS[usage.plan];
  const other = PLAN_NAMES.filter((name) => name !== usage.plan);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/usage" />

      <Card
        title={`The ${usage.plan} plan`}
        description={
          team.ownerId === ctx.userId
            ? 'What your plan allows, and how much of it you use. Your plan covers every team you own: the counts below are of all of them together, so more teams do not mean more room.'
            : `${team.name} is covered by its owner's plan, counted across every team that person owns: the counts below are of all of them together.`
        }
      >
        <div className="max-w-xl space-y-5">
          {COUNTED.map((resource) => (
            <UsageBar key={resource} usage={usage.resources[resource]} />
          ))}
          <dl className="grid grid-cols-[12rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-600">Shortest check interval</dt>
            <dd>{limits.shortestIntervalSeconds} seconds</dd>
            <dt className="text-slate-600">Heartbeats kept</dt>
            <dd>{limits.retentionDays} days</dd>
          </dl>
          <p className="text-sm text-slate-700">
            {other.map((name) => (
              <span key={name}>
                The {name} plan allows {PLANS[name].agents} agents, {PLANS[name].monitors} monitors, checks every {PLANS[name].shortestIntervalSeconds} s and{' '}
                {PLANS[name].retentionDays} days of heartbeats.{' '}
              </span>
            ))}
            Your Watchpost operator changes plans.
          </p>
        </div>
      </Card>

      <Card title="Usage events" description="The last 30 days: what was created or deleted, and when usage crossed 80 % or 100 % of a limit.">
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing in the last 30 days.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-slate-600">
              <tr>
                <th className="py-1 pr-4 font-medium">When</th>
                <th className="py-1 font-medium">What</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-t border-slate-100">
                  <td className="whitespace-nowrap py-1.5 pr-4 tabular-nums text-slate-700">{formatDateTime(event.createdAt, timeZone)}</td>
                  <td className="py-1.5">{EVENT_TEXT[event.kind]?.(event) ?? event.kind}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

import Link from 'next/link';
import { TimeZoneSync } from '@/components/ui/time-zone-sync';
import { failingChannels } from '@/db/queries/notifications';
import { usageOverview } from '@/lib/plans/overview';
import { requireTeam, twoFactorPolicyUnmet } from '@/lib/auth/session';
import { COUNTED, usageLine } from '@/lib/plans';
import { TIME_ZONE_COOKIE } from '@/lib/timezone';
import { viewerTimeZone } from '@/lib/viewer';
import { AppNav } from './_components/app-nav';
import { SignOutButton } from './_components/sign-out-button';
import { TeamSwitcher } from './_components/team-switcher';
import { UsageNotice } from './_components/usage-notice';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const current = await requireTeam({ shell: true });
  const { user, ctx, team, teams } = current;
  // A member the team's two-factor policy holds back sees no notice of the team's either.
  const gated = await twoFactorPolicyUnmet(current);
  const [timeZone, usage, failing] = await Promise.all([viewerTimeZone(), usageOverview(team.ownerId), gated ? [] : failingChannels(ctx.teamId)]);
  const notices = gated ? [] : COUNTED.map((resource) => usage.resources[resource]).filter((resource) => resource.notice);
  return (
    <div className="min-h-screen">
      <TimeZoneSync serverTimeZone={timeZone} cookieName={TIME_ZONE_COOKIE} />
      <header className="border-b border-slate-200 bg-white print:hidden">
        {/* Wider than the pages below it, so the nav and the account controls keep to one line at 1280 px. */}
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/dashboard" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-brand-500" />
            Watchpost
          </Link>
          <AppNav />
          <div className="ml-auto flex items-center gap-2 text-sm xl:gap-3">
            <TeamSwitcher teams={teams.map(({ teamId, name, role }) => ({ teamId, name, role }))} current={ctx.teamId} />
            <span className="hidden max-w-[12rem] truncate text-slate-600 2xl:inline-block" title={user.email} data-testid="account-email">
              {user.email}
            </span>
            <Link
              href="/settings/usage"
              className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-slate-700 hover:bg-slate-200"
            >
              {usage.plan}
              {/* The word fits beside the nav only on wide screens; it is always read out. */}
              <span className="sr-only 2xl:not-sr-only"> plan</span>
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      {notices.length || failing.length ? (
        <div className="mx-auto mt-4 max-w-6xl space-y-2 px-4 sm:px-6">
          {failing.map((channel) => (
            <p key={channel.id} role="alert" data-testid="failing-channel" className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900">
              <strong className="font-semibold">Notification channel “{channel.name}” is failing</strong>
              {channel.failingReason ? `: ${channel.failingReason.slice(0, 200)}` : ''}.{' '}
              <Link href={`/settings/notifications/${channel.id}`} className="underline">
                Fix it
              </Link>
            </p>
          ))}
          {notices.map((notice) => (
            <UsageNotice
              key={`${notice.resource}-${notice.used}-${usage.plan}`}
              resource={notice.resource}
              line={usageLine(usage.plan, notice.resource, notice.used)}
              reached={notice.level === 'reached'}
            />
          ))}
        </div>
      ) : null}
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}

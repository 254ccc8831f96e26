import Link from 'next/link';
import { TimeZoneSync } from '@/components/ui/time-zone-sync';
import { requireUser } from '@/lib/auth/session';
import { TIME_ZONE_COOKIE } from '@/lib/timezone';
import { viewerTimeZone } from '@/lib/viewer';
import { AppNav } from './_components/app-nav';
import { SignOutButton } from './_components/sign-out-button';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const timeZone = await viewerTimeZone();
  return (
    <div className="min-h-screen">
      <TimeZoneSync serverTimeZone={timeZone} cookieName={TIME_ZONE_COOKIE} />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/dashboard" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-brand-500" />
            Watchpost
          </Link>
          <AppNav />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline" data-testid="account-email">
              {user.email}
            </span>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-slate-700">
              {user.plan} plan
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}

import Link from 'next/link';
import { requireUser } from '@/lib/auth/session';
import { AppNav } from './_components/app-nav';
import { SignOutButton } from './_components/sign-out-button';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-6 py-3">
          <Link href="/dashboard" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-brand-500" />
            Watchpost
          </Link>
          <AppNav />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="account-email">
              {user.email}
            </span>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-slate-700">
              {user.plan} plan
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}

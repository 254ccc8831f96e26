import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  await requireUser();
  return (
    <>
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <h2 className="text-lg font-medium">No monitors yet</h2>
        <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
          A monitor checks one website or service from one of your agents. Its status, uptime and incidents will show
          here.
        </p>
        <Link
          href="/monitors/new"
          className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Add your first monitor
        </Link>
      </div>
    </>
  );
}

import Link from 'next/link';

export const metadata = { title: 'Page not found' };

/** Any address nothing answers at, and anything of another user's (the same answer as a missing one). */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-16">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address, or it is not yours to see.</p>
      <p className="mt-6 flex gap-4 text-sm font-medium">
        <Link href="/dashboard" className="text-blue-700 hover:underline">
          Go to the dashboard
        </Link>
        <Link href="/" className="text-blue-700 hover:underline">
          Watchpost home
        </Link>
      </p>
    </main>
  );
}

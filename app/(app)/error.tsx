'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect } from 'react';

/** A page of the app failed to load (the database is unreachable, a query failed): say so, offer a retry. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8">
      <h1 className="text-lg font-semibold text-red-900">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-red-800">
        Watchpost could not read its data just now (the database may be unreachable). Nothing was changed.
        {error.digest ? ` Reference: ${error.digest}.` : ''}
      </p>
      <button type="button" onClick={() => startTransition(() => {
          // A server component failed: fetch it again, then render it.
          router.refresh();
          reset();
        })} className="mt-4 rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700">
        Try again
      </button>
    </div>
  );
}

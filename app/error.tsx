'use client';

/** A page outside the signed-in app failed: say so plainly; the reference is in the server's log line with the request id. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg px-6 py-16">
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-8">
        <h1 className="text-lg font-semibold text-red-900">Something went wrong</h1>
        <p className="mt-2 text-sm text-red-800">
          Watchpost could not show this page just now. Nothing was changed.
          {error.digest ? ` Reference: ${error.digest}.` : ''}
        </p>
        <button type="button" onClick={reset} className="mt-4 rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700">
          Try again
        </button>
      </div>
    </main>
  );
}

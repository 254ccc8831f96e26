'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { dismissUsageNoticeAction } from '../actions';

/** "8 of 10 monitors used on the free plan": shown from 80 % of a limit until dismissed, usage drops or the plan changes. */
export function UsageNotice({ resource, line, reached }: { resource: string; line: string; reached: boolean }) {
  const [state, action, pending] = useActionState(dismissUsageNoticeAction, null);
  if (state?.ok) return null;
  return (
    <div
      role="status"
      data-testid={`usage-notice-${resource}`}
      className={`flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md border px-4 py-2 text-sm ${
        reached ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-200 bg-amber-50 text-amber-900'
      }`}
    >
      <p className="flex-1">
        <strong className="font-semibold">{line}.</strong>{' '}
        {reached ? `New ${resource} are refused until you make room or move to a bigger plan.` : 'You are close to the limit.'}{' '}
        <Link href="/settings/usage" className="underline">
          See usage
        </Link>
      </p>
      <form action={action}>
        <input type="hidden" name="resource" value={resource} />
        <button type="submit" disabled={pending} className="rounded px-2 py-1 font-medium hover:bg-black/5 disabled:opacity-60">
          Dismiss
        </button>
      </form>
      {state && !state.ok ? <p role="alert">{state.formError ?? 'Could not dismiss the notice.'}</p> : null}
    </div>
  );
}

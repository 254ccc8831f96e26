'use client';

import { startTransition, useActionState } from 'react';
import { formatLatency } from '@/lib/format';
import { tryMonitorCheckAction } from '../actions';

/**
 * "Try it": the form as typed, checked once from the server, with what each assertion
 * found. Sent by hand (not as the form's action), so nothing typed is reset or saved.
 */
export function TryCheck() {
  const [state, tryCheck, pending] = useActionState(tryMonitorCheckAction, null);
  const result = state?.ok ? state.data : null;
  const problem = state && !state.ok ? (state.formError ?? Object.values(state.fieldErrors ?? {})[0]) : null;
  return (
    <div className="space-y-2">
      <button
        type="button"
        disabled={pending}
        onClick={(event) => {
          const form = event.currentTarget.form;
          if (form) startTransition(() => tryCheck(new FormData(form)));
        }}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {pending ? 'Trying…' : 'Try it'}
      </button>
      <span className="ml-2 text-xs text-slate-500">Runs the check once from this server and shows what it found; nothing is saved.</span>
      {problem ? (
        <p role="alert" className="text-sm text-red-600">
          {problem}
        </p>
      ) : null}
      {result ? (
        <div role="status" aria-label="Try it result" className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
          <p>
            <span className={result.status === 'up' ? 'font-medium text-emerald-700' : 'font-medium text-red-700'}>{result.status}</span>
            {result.latencyMs !== undefined ? ` · ${formatLatency(result.latencyMs)}` : ''}
            {result.errorMessage ? ` · ${result.errorMessage}` : ''}
          </p>
          {result.assertions?.length ? (
            <ol className="list-decimal space-y-0.5 pl-5">
              {result.assertions.map((assertion, index) => (
                <li key={index} className={assertion.passed ? 'text-emerald-800' : 'text-red-700'}>
                  {assertion.passed ? 'passed' : 'failed'}: found <code>{assertion.actual ?? 'nothing'}</code>
                  {assertion.message ? ` (${assertion.message})` : ''}
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

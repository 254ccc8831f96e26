'use client';

import { startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import { useState, useTransition } from 'react';
import type { ActionState } from '@/lib/actions/safe-action';

// The browser's side of passkeys (@simplewebauthn/browser): ask the server for options, let
// the browser and authenticator answer, send the answer back as JSON text in a form field.

type Action<Data> = (previous: ActionState<Data>, formData: FormData) => Promise<ActionState<Data>>;

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const problemOf = (state: ActionState<unknown>) =>
  state && !state.ok ? (state.formError ?? Object.values(state.fieldErrors ?? {})[0] ?? 'That did not work: try again.') : null;

/** What the browser said when the person cancelled or the device refused. */
const browserProblem = (error: unknown) =>
  error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED'
    ? 'Cancelled.'
    : (error as Error).name === 'NotAllowedError'
      ? 'The passkey prompt was closed or timed out.'
      : `Your browser could not use a passkey: ${(error as Error).message}`;

/** "Sign in with a passkey" (alone, or as the second step): options, the browser's prompt, the answer. */
export function PasskeySignInButton({
  label,
  options,
  finish,
  next,
}: {
  label: string;
  options: Action<{ options: Parameters<typeof startAuthentication>[0]['optionsJSON'] }>;
  /** Signs in (redirects), or says why not. */
  finish: Action<never>;
  next?: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-2">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setProblem(null);
            const asked = await options(null, form({}));
            if (!asked?.ok) return setProblem(problemOf(asked));
            let response;
            try {
              response = await startAuthentication({ optionsJSON: asked.data.options });
            } catch (error) {
              return setProblem(browserProblem(error));
            }
            // Signed in: the action redirects. Otherwise it says why not.
            setProblem(problemOf(await finish(null, form({ response: JSON.stringify(response), ...(next ? { next } : {}) }))));
          })
        }
        className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? 'Waiting for your passkey…' : label}
      </button>
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** Register a passkey under a name; the recovery codes of a first factor come back once. */
export function AddPasskeyForm({
  options,
  finish,
  onRecoveryCodes,
}: {
  options: Action<{ options: Parameters<typeof startRegistration>[0]['optionsJSON'] }>;
  finish: Action<{ recoveryCodes: string[] | null }>;
  onRecoveryCodes: (codes: string[]) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="max-w-sm space-y-3"
      noValidate
      action={(data) =>
        start(async () => {
          setProblem(null);
          setAdded(null);
          const name = String(data.get('name') ?? '').trim();
          if (!name) return setProblem('Name the passkey, e.g. Work laptop.');
          const asked = await options(null, form({}));
          if (!asked?.ok) return setProblem(problemOf(asked));
          let response;
          try {
            response = await startRegistration({ optionsJSON: asked.data.options });
          } catch (error) {
            return setProblem(browserProblem(error));
          }
          const done = await finish(null, form({ name, response: JSON.stringify(response) }));
          if (!done?.ok) return setProblem(problemOf(done));
          setAdded(name);
          if (done.data.recoveryCodes) onRecoveryCodes(done.data.recoveryCodes);
        })
      }
    >
      <div className="space-y-1">
        <label htmlFor="passkey-name" className="block text-sm font-medium text-slate-700">
          Passkey name
        </label>
        <input id="passkey-name" name="name" maxLength={100} placeholder="Work laptop" className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      {added ? <p className="text-sm text-emerald-700">Passkey “{added}” added.</p> : null}
      <button type="submit" disabled={pending} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800 disabled:opacity-60">
        {pending ? 'Waiting for your passkey…' : 'Add a passkey'}
      </button>
    </form>
  );
}

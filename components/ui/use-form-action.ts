'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/safe-action';

export type ServerAction<Data> = (previous: ActionState<Data>, formData: FormData) => Promise<ActionState<Data>>;

/** A form's view of its server action: what to show under each field and above the form. */
export function useFormAction<Data>(serverAction: ServerAction<Data>) {
  const [state, action, pending] = useActionState(serverAction, null);
  const failed = state && !state.ok ? state : null;
  return {
    action,
    pending,
    state,
    formError: failed?.formError,
    fieldError: (field: string) => failed?.fieldErrors?.[field],
    /** What the user typed, to keep it after a refusal (secrets are never echoed). */
    typed: (field: string) => failed?.values?.[field],
  };
}

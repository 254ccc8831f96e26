'use client';

import { useActionState } from 'react';
import { signOutAction } from '../actions';

export function SignOutButton() {
  const [, action, pending] = useActionState(signOutAction, null);
  return (
    <form action={action}>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
      >
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { signOutEverywhereAction } from '../actions';

export function SignOutEverywhereForm() {
  const [state, action] = useActionState(signOutEverywhereAction, null);
  return (
    <form action={action} className="space-y-3">
      <FormError message={state && !state.ok ? state.formError : undefined} />
      <SubmitButton variant="secondary" pendingText="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { deleteAccountAction } from '../actions';

export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccountAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormError message={failed?.formError} />
      <Field
        label="Your password, to confirm"
        name="password"
        type="password"
        autoComplete="current-password"
        error={failed?.fieldErrors?.password}
      />
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete my account
      </SubmitButton>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { changePasswordAction } from '../actions';

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="max-w-sm space-y-4" noValidate>
      <FormError message={failed?.formError} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={failed?.fieldErrors?.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters, and not one of the most common passwords."
        error={failed?.fieldErrors?.newPassword}
      />
      <Field
        label="Repeat the new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        error={failed?.fieldErrors?.confirmPassword}
      />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}

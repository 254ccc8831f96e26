'use client';

import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { changePasswordAction } from '../actions';

export function ChangePasswordForm() {
  const form = useFormAction(changePasswordAction);
  return (
    <form action={form.action} className="max-w-sm space-y-4" noValidate>
      <FormError message={form.formError} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={form.fieldError('currentPassword')}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters, and not one of the most common passwords."
        error={form.fieldError('newPassword')}
      />
      <Field
        label="Repeat the new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        error={form.fieldError('confirmPassword')}
      />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}

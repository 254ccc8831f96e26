'use client';

import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { type ServerAction, useFormAction } from '@/components/ui/use-form-action';

/**
 * A new password, typed twice: to change it (with the current one), to set a first one (an
 * account made by single sign-on), or from the operator's one-time link (its `token`).
 */
export function PasswordForm<Data>({
  action,
  askCurrent,
  submit,
  token,
}: {
  action: ServerAction<Data>;
  askCurrent: boolean;
  submit: string;
  token?: string;
}) {
  const form = useFormAction(action);
  return (
    <form action={form.action} className="max-w-sm space-y-4" noValidate>
      <FormError message={form.formError} />
      {token ? <input type="hidden" name="token" value={token} /> : null}
      {askCurrent ? (
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={form.fieldError('currentPassword')} />
      ) : null}
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters, and not one of the most common passwords."
        error={form.fieldError('newPassword')}
      />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" error={form.fieldError('confirmPassword')} />
      <SubmitButton pendingText="Saving…">{submit}</SubmitButton>
    </form>
  );
}

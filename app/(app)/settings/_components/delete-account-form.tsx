'use client';

import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { deleteAccountAction } from '../actions';

export function DeleteAccountForm() {
  const form = useFormAction(deleteAccountAction);
  return (
    <form action={form.action} className="max-w-sm space-y-4" noValidate>
      <FormError message={form.formError} />
      <Field
        label="Your password, to confirm"
        name="password"
        type="password"
        autoComplete="current-password"
        error={form.fieldError('password')}
      />
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete my account
      </SubmitButton>
    </form>
  );
}

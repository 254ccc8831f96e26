'use client';

import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { unlockStatusPageAction } from '../actions';

export function UnlockForm({ slug }: { slug: string }) {
  const form = useFormAction(unlockStatusPageAction);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <FormError message={form.formError} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={form.fieldError('password')} required />
      <SubmitButton pendingText="Checking…">View status</SubmitButton>
    </form>
  );
}

'use client';

import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { verifySecondStep } from '../actions';

export function SecondStepForm({ next }: { next?: string }) {
  const form = useFormAction(verifySecondStep);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <FormError message={form.formError} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        label="Authentication code"
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        autoFocus
        required
        hint="6 digits from the app, or a recovery code like abcde-fghjk."
        error={form.fieldError('code')}
      />
      <SubmitButton pendingText="Checking…">Verify</SubmitButton>
    </form>
  );
}

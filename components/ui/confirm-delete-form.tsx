'use client';

import type { ReactNode } from 'react';
import { ConfirmCheckbox } from './field';
import { FormError } from './form-message';
import { SubmitButton } from './submit-button';
import { type ServerAction, useFormAction } from './use-form-action';

/** A delete (or another change that cannot be undone) that asks for a ticked box first: `field`=`id` goes to the action, `children` says what is lost. */
export function ConfirmDeleteForm<Data>({
  action,
  field,
  id,
  button,
  pendingText = 'Deleting…',
  children,
}: {
  action: ServerAction<Data>;
  field: string;
  id: string;
  button: string;
  pendingText?: string;
  children: ReactNode;
}) {
  const form = useFormAction(action);
  return (
    <form action={form.action} className="space-y-3" noValidate>
      <input type="hidden" name={field} value={id} />
      <FormError message={form.formError} />
      <ConfirmCheckbox error={form.fieldError('confirm')}>{children}</ConfirmCheckbox>
      <SubmitButton variant="danger" pendingText={pendingText}>
        {button}
      </SubmitButton>
    </form>
  );
}

'use client';

import { FormError, FormSuccess } from './form-message';
import { SubmitButton } from './submit-button';
import { type ServerAction, useFormAction } from './use-form-action';

/** One button that queues something (a test message, a report) for `field`=`id`, and says so once queued. */
export function QueueForm<Data>({ action, field, id, button, pendingText, queued }: { action: ServerAction<Data>; field: string; id: string; button: string; pendingText: string; queued: string }) {
  const form = useFormAction(action);
  return (
    <form action={form.action} className="space-y-2">
      <input type="hidden" name={field} value={id} />
      <SubmitButton variant="secondary" pendingText={pendingText}>
        {button}
      </SubmitButton>
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message={queued} /> : null}
    </form>
  );
}

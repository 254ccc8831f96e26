'use client';

import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { deleteMonitorAction } from '../actions';

export function DeleteMonitorForm({ monitorId }: { monitorId: string }) {
  const form = useFormAction(deleteMonitorAction);
  return (
    <form action={form.action} className="space-y-3" noValidate>
      <input type="hidden" name="monitorId" value={monitorId} />
      <FormError message={form.formError} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" className="mt-0.5" />
        <span>I understand this deletes the monitor with its heartbeats and incidents.</span>
      </label>
      {form.fieldError('confirm') ? <p className="text-sm text-red-600">{form.fieldError('confirm')}</p> : null}
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete monitor
      </SubmitButton>
    </form>
  );
}

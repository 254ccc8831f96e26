'use client';

import { ConfirmCheckbox } from '@/components/ui/field';
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
      <ConfirmCheckbox error={form.fieldError('confirm')}>
        I understand this deletes the monitor with its heartbeats and incidents.
      </ConfirmCheckbox>
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete monitor
      </SubmitButton>
    </form>
  );
}

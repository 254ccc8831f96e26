'use client';

import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { regeneratePingUrlAction } from '../actions';

export function RegeneratePingUrlButton({ monitorId }: { monitorId: string }) {
  return (
    <ConfirmDeleteForm action={regeneratePingUrlAction} field="monitorId" id={monitorId} button="Regenerate ping URL" pendingText="Regenerating…">
      I understand the current ping URL stops working at once: every job that uses it must get the new one.
    </ConfirmDeleteForm>
  );
}

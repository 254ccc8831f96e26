'use client';

import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { deleteMonitorAction } from '../actions';

export function DeleteMonitorForm({ monitorId }: { monitorId: string }) {
  return (
    <ConfirmDeleteForm action={deleteMonitorAction} field="monitorId" id={monitorId} button="Delete monitor">
      I understand this deletes the monitor with its heartbeats and incidents.
    </ConfirmDeleteForm>
  );
}

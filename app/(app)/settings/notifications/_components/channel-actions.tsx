'use client';

import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { FormError } from '@/components/ui/form-message';
import { QueueForm } from '@/components/ui/queue-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { deleteChannelAction, resendDeliveryAction, rotateSigningSecretAction, sendTestAction } from '../actions';
import { SigningSecretReveal } from './channel-form';

export function SendTestButton({ channelId }: { channelId: string }) {
  return (
    <QueueForm
      action={sendTestAction}
      field="channelId"
      id={channelId}
      button="Send test"
      pendingText="Queuing…"
      queued="Test queued: it shows in the delivery log below within seconds (reload to see its attempts)."
    />
  );
}

export function RotateSecretForm({ channelId }: { channelId: string }) {
  const form = useFormAction(rotateSigningSecretAction);
  return (
    <form action={form.action} className="space-y-3">
      <input type="hidden" name="channelId" value={channelId} />
      <FormError message={form.formError} />
      {form.state?.ok ? <SigningSecretReveal secret={form.state.data.signingSecret} /> : null}
      <SubmitButton variant="secondary" pendingText="Rotating…">
        Rotate signing secret
      </SubmitButton>
    </form>
  );
}

export function ResendButton({ deliveryId, label }: { deliveryId: string; label: string }) {
  const form = useFormAction(resendDeliveryAction);
  return (
    <form action={form.action} className="inline">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" disabled={form.pending || form.state?.ok} aria-label={label} className="rounded-md px-2 py-1 text-sm text-brand-700 hover:bg-slate-100 disabled:opacity-60">
        {form.state?.ok ? 'Queued' : 'Resend'}
      </button>
      {form.formError ? <span className="ml-2 text-sm text-red-600">{form.formError}</span> : null}
    </form>
  );
}

export function DeleteChannelForm({ channelId }: { channelId: string }) {
  return (
    <ConfirmDeleteForm action={deleteChannelAction} field="channelId" id={channelId} button="Delete channel">
      I understand this deletes the channel with its delivery log.
    </ConfirmDeleteForm>
  );
}

'use client';

import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { endOtherSessionAction, endOtherSessionsAction } from '../actions';

export function EndSessionForm({ sessionId, device }: { sessionId: string; device: string }) {
  const form = useFormAction(endOtherSessionAction);
  return (
    <form action={form.action} aria-label={`Sign out ${device}`}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton pendingText="Signing out…" variant="secondary">
        Sign out
      </SubmitButton>
      <FormError message={form.formError} />
    </form>
  );
}

export function EndOtherSessionsForm() {
  const form = useFormAction(endOtherSessionsAction);
  const ended = form.state?.ok ? form.state.data.ended : null;
  return (
    <form action={form.action} className="space-y-3">
      <FormError message={form.formError} />
      <FormSuccess message={ended === null ? undefined : ended === 1 ? 'One other session was signed out.' : `${ended} other sessions were signed out.`} />
      <SubmitButton variant="secondary" pendingText="Signing out…">
        Sign out everywhere else
      </SubmitButton>
    </form>
  );
}

'use client';

import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { acceptInvitationAction } from './actions';

export function AcceptInvitationForm({ token }: { token: string }) {
  const form = useFormAction(acceptInvitationAction);
  return (
    <form action={form.action} className="space-y-4">
      <FormError message={form.formError} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Joining…">Join team</SubmitButton>
    </form>
  );
}

'use client';

import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { signOutEverywhereAction } from '../actions';

export function SignOutEverywhereForm() {
  const form = useFormAction(signOutEverywhereAction);
  return (
    <form action={form.action} className="space-y-3">
      <FormError message={form.formError} />
      <SubmitButton variant="secondary" pendingText="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}

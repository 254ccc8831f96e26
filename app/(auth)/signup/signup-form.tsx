'use client';

import Link from 'next/link';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { signUpAction } from './actions';

/** `email` and `invite` (the waitlist's) or `join` (a team's) come from an invitation link: the account is for that address. */
export function SignUpForm({ email, invite, join }: { email?: string; invite?: string; join?: string } = {}) {
  const form = useFormAction(signUpAction);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <FormError message={form.formError} />
      {invite ? <input type="hidden" name="invite" value={invite} /> : null}
      {join ? <input type="hidden" name="join" value={join} /> : null}
      <Field
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={email ?? form.typed('email')}
        readOnly={!!email}
        error={form.fieldError('email')}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="8 to 128 characters, and not one of the most common passwords."
        error={form.fieldError('password')}
      />
      <div className="flex items-center justify-between">
        <SubmitButton pendingText="Creating account…">Create account</SubmitButton>
        <Link href="/login" className="text-sm text-brand-700 hover:underline">
          I have an account
        </Link>
      </div>
    </form>
  );
}

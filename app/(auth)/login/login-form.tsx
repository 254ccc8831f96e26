'use client';

import Link from 'next/link';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { logIn, startSingleSignOn } from './actions';

export function LoginForm({ next }: { next?: string }) {
  const form = useFormAction(logIn);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <FormError message={form.formError} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={form.typed('email')}
        error={form.fieldError('email')}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={form.fieldError('password')}
      />
      <div className="flex items-center justify-between">
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
        <Link href="/signup" className="text-sm text-brand-700 hover:underline">
          Create an account
        </Link>
      </div>
    </form>
  );
}

/** The single sign-on button (WATCHPOST_OIDC_NAME): off to the identity provider. */
export function SingleSignOnForm({ label, next }: { label: string; next?: string }) {
  const form = useFormAction(startSingleSignOn);
  return (
    <form action={form.action} className="[&_button]:w-full">
      <FormError message={form.formError} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pendingText="Redirecting…" variant="secondary">
        {label}
      </SubmitButton>
    </form>
  );
}

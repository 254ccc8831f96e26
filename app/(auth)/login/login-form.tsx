'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { logIn } from './actions';

export function LoginForm({ next }: { next?: string }) {
  const [state, action] = useActionState(logIn, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormError message={failed?.formError} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email}
        error={failed?.fieldErrors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={failed?.fieldErrors?.password}
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

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { DEFAULT_AFTER_LOGIN } from '@/lib/auth/redirect';
import { getCurrentUser } from '@/lib/auth/session';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await getCurrentUser()) redirect(DEFAULT_AFTER_LOGIN);
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Create your account</h1>
      <p className="mb-6 text-sm text-slate-600">Start on the free plan: 2 agents and 10 monitors.</p>
      <SignUpForm />
    </>
  );
}

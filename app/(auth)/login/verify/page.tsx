import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { openTicket } from '@/lib/auth/tickets';
import { safeNextPath } from '@/lib/auth/redirect';
import { secondStepMarker } from '@/lib/auth/second-step';
import { getCurrentUser } from '@/lib/auth/session';
import { PasskeySignInButton } from '@/components/passkeys';
import { listPasskeys } from '@/lib/accounts/passkeys';
import { secondStepPasskey, secondStepPasskeyOptions } from '../actions';
import { SecondStepForm } from './second-step-form';

export const metadata: Metadata = { title: 'Two-factor sign-in' };

// The second step of a sign-in: only reachable with the marker the password step set.
export default async function SecondStepPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? safeNextPath(params.next) : undefined;
  if (await getCurrentUser()) redirect(next ?? '/dashboard');
  const marker = openTicket('second-factor', await secondStepMarker());
  if (!marker) redirect('/login?notice=second-step-expired');
  const hasPasskey = (await listPasskeys(marker.u)).length > 0;
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Two-factor sign-in</h1>
      <p className="mb-6 text-sm text-slate-600">Use your passkey, or type the 6-digit code your authenticator app shows for Watchpost, or one of your recovery codes.</p>
      <div className="space-y-4">
        {hasPasskey ? <PasskeySignInButton label="Use a passkey" options={secondStepPasskeyOptions} finish={secondStepPasskey} next={next} /> : null}
        <SecondStepForm next={next} />
      </div>
      <p className="mt-6 text-sm">
        <Link href="/login" className="text-brand-700 hover:underline">
          Sign in as someone else
        </Link>
      </p>
    </>
  );
}

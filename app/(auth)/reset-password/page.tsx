import type { Metadata } from 'next';
import { findUserAtVersion } from '@/db/queries/users';
import { PasswordForm } from '@/components/password-form';
import { RESET_LINK_VOID } from '@/lib/accounts/manage';
import { openTicket } from '@/lib/auth/tickets';
import { param, type SearchParams } from '@/lib/search-params';
import { AuthNotice } from '../auth-notice';
import { resetPasswordAction } from './actions';

export const metadata: Metadata = { title: 'Set your password' };

// The page of the operator's one-time link (`npm run admin -- users reset-password EMAIL`).
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const token = param((await searchParams).token)?.slice(0, 1000);
  const ticket = openTicket('password-reset', token);
  const user = ticket ? await findUserAtVersion(ticket.u, ticket.v) : null;
  if (!token || !user) {
    return <AuthNotice title="Link not valid" message={RESET_LINK_VOID} alert />;
  }
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Set your password</h1>
      <p className="mb-6 text-sm text-slate-600">
        For {user.email}. Saving it signs you in here and out everywhere else; this link then stops working.
      </p>
      <PasswordForm action={resetPasswordAction} askCurrent={false} submit="Set password and sign in" token={token} />
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getCurrentUser } from '@/lib/auth/session';
import { loginPath } from '@/lib/auth/redirect';
import { findUserForLogin } from '@/db/queries/users';
import { lookUpTeamInvitation, TEAM_INVITATION_PROBLEMS } from '@/lib/teams/invitations';
import { ROLE_LABELS } from '@/lib/teams/roles';
import { AcceptInvitationForm } from './accept-form';

export const metadata: Metadata = { title: 'Join a team' };

// /join/<token>: a team's invitation. Signed in with the invited address: a button joins.
// Signed in as someone else: say so. Signed out: sign in (an account with that address
// exists) or create the account with the address fixed.
export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeURIComponent((await params).token).slice(0, 200);
  const invitation = await lookUpTeamInvitation(token);
  if ('problem' in invitation) {
    return (
      <>
        <h1 className="mb-2 text-2xl font-semibold">Invitation not valid</h1>
        <p role="alert" className="mb-6 text-sm text-slate-700">
          {TEAM_INVITATION_PROBLEMS[invitation.problem]}
        </p>
        <Link href="/login" className="text-sm text-brand-700 hover:underline">
          Sign in
        </Link>
      </>
    );
  }
  const role = ROLE_LABELS[invitation.role].toLowerCase();
  const user = await getCurrentUser();
  const heading = <h1 className="mb-2 text-2xl font-semibold">Join {invitation.teamName}</h1>;
  if (user && user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <>
        {heading}
        <p role="alert" className="mb-6 text-sm text-slate-700">
          This invitation is for {invitation.email}, and you are signed in as {user.email}. Sign out, then open the link again and sign in with
          that address.
        </p>
        <Link href="/dashboard" className="text-sm text-brand-700 hover:underline">
          Back to your dashboard
        </Link>
      </>
    );
  }
  if (user) {
    return (
      <>
        {heading}
        <p className="mb-6 text-sm text-slate-600">
          You were invited as {role}. Joining lets you work in {invitation.teamName} besides your own teams.
        </p>
        <AcceptInvitationForm token={token} />
      </>
    );
  }
  const hasAccount = !!(await findUserForLogin(invitation.email));
  return (
    <>
      {heading}
      <p className="mb-6 text-sm text-slate-600">
        {invitation.email} was invited as {role}. {hasAccount ? 'Sign in with that address to accept.' : 'Create an account with that address to accept.'}
      </p>
      <Link
        href={hasAccount ? loginPath(`/join/${encodeURIComponent(token)}`) : `/signup?${new URLSearchParams({ join: token })}`}
        className="inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        {hasAccount ? 'Sign in to accept' : 'Create account'}
      </Link>
    </>
  );
}

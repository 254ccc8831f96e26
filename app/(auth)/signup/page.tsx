import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { hasAnyUser } from '@/db/queries/users';
import { PASSWORD_SIGN_UP_OFF, REGISTRATION_REFUSED } from '@/lib/accounts/sign-up';
import { DEFAULT_AFTER_LOGIN } from '@/lib/auth/redirect';
import { getCurrentUser } from '@/lib/auth/session';
import { getEnv, registrationMode } from '@/lib/env';
import { PLANS } from '@/lib/plans';
import { param, type SearchParams } from '@/lib/search-params';
import { INVITATION_PROBLEMS, lookUpInvitation } from '@/lib/waitlist/invitations';
import { lookUpTeamInvitation, TEAM_INVITATION_PROBLEMS } from '@/lib/teams/invitations';
import { ROLE_LABELS } from '@/lib/teams/roles';
import { WaitlistForm } from '../../_components/waitlist-form';
import { AuthNotice } from '../auth-notice';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account' };

const freePlan = `Start on the free plan: ${PLANS.free.agents} agents and ${PLANS.free.monitors} monitors.`;

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  if (await getCurrentUser()) redirect(DEFAULT_AFTER_LOGIN);
  const query = await searchParams;
  const invite = param(query.invite);
  const join = param(query.join);
  const mode = registrationMode();

  if (!getEnv().WATCHPOST_PASSWORD_LOGIN) {
    return <AuthNotice title="Sign in with single sign-on" message={PASSWORD_SIGN_UP_OFF} />;
  }

  // A team's invitation lets its address register unless registration is closed.
  if (join && mode !== 'closed') {
    const invitation = await lookUpTeamInvitation(join.slice(0, 200));
    if ('problem' in invitation) return <InvitationProblem message={TEAM_INVITATION_PROBLEMS[invitation.problem]} />;
    return (
      <>
        <h1 className="mb-2 text-2xl font-semibold">Join {invitation.teamName}</h1>
        <p className="mb-6 text-sm text-slate-600">
          You were invited as {invitation.email} ({ROLE_LABELS[invitation.role].toLowerCase()}). Create your account to join the team.
        </p>
        <SignUpForm email={invitation.email} join={join} />
      </>
    );
  }

  if (invite && mode !== 'closed') {
    const invitation = await lookUpInvitation(invite.slice(0, 200));
    if ('problem' in invitation) return <InvitationProblem message={INVITATION_PROBLEMS[invitation.problem]} />;
    return (
      <>
        <h1 className="mb-2 text-2xl font-semibold">Welcome to the beta</h1>
        <p className="mb-6 text-sm text-slate-600">You were invited as {invitation.email}. {freePlan}</p>
        <SignUpForm email={invitation.email} invite={invite} />
      </>
    );
  }

  if (mode !== 'open' && (await hasAnyUser())) {
    return mode === 'invite' ? (
      <>
        <h1 className="mb-2 text-2xl font-semibold">Watchpost is in private beta</h1>
        <p className="mb-6 text-sm text-slate-600">
          New accounts need an invitation link. Join the waitlist and we will e-mail you one when your spot opens.
        </p>
        <WaitlistForm />
        <p className="mt-6 text-sm text-slate-600">
          Have an account?{' '}
          <Link href="/login" className="text-brand-700 hover:underline">
            Sign in
          </Link>
        </p>
      </>
    ) : (
      <AuthNotice title="Sign-up is closed" message={REGISTRATION_REFUSED.closed} />
    );
  }

  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Create your account</h1>
      <p className="mb-6 text-sm text-slate-600">
        {mode === 'open' ? freePlan : 'This server has no accounts yet: the first one is the operator’s, and invitations are how others get in.'}
      </p>
      <SignUpForm />
    </>
  );
}

function InvitationProblem({ message }: { message: string }) {
  return <AuthNotice title="Invitation not valid" message={message} alert />;
}

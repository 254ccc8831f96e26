import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SSO_REFUSALS, ssoConfigured } from '@/lib/accounts/sso';
import { safeNextPath } from '@/lib/auth/redirect';
import { getCurrentUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { PasskeySignInButton } from '@/components/passkeys';
import { passkeySignIn, passkeySignInOptions } from './actions';
import { LoginForm, SingleSignOnForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const notices: Record<string, string> = {
  everywhere: 'You were signed out on every device.',
  deleted: 'Your account and everything in it were deleted.',
  'second-step-expired': 'That sign-in took too long or was not finished: sign in again.',
};

const SSO_FAILED =
  'Single sign-on did not complete, and nobody was signed in: the identity provider could not be reached, or its answer failed Watchpost’s checks. Try again; if it keeps failing, tell the server’s operator.';

/** Why single sign-on (or Auth.js's handling of its answer) brought the person back here. */
function signInProblem(error: string | undefined): string | undefined {
  if (!error) return undefined;
  if (error === 'sso_unverified') return SSO_REFUSALS.unverified;
  if (error === 'sso_not_allowed') return SSO_REFUSALS.not_allowed;
  // A check that failed (state, PKCE, nonce; the ID token's issuer, audience, expiry,
  // signature), a provider that could not be reached: the server log says which.
  return SSO_FAILED;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  if (await getCurrentUser()) redirect(safeNextPath(next));
  const notice = typeof params.notice === 'string' ? notices[params.notice] : undefined;
  const problem = signInProblem(typeof params.error === 'string' ? params.error : undefined);
  const env = getEnv();
  const sso = ssoConfigured();
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      <div className="space-y-4">
        <FormSuccess message={notice} />
        <FormError message={problem} />
        {sso ? (
          <SingleSignOnForm label={env.WATCHPOST_OIDC_NAME} next={next} />
        ) : null}
        {env.WATCHPOST_PASSWORD_LOGIN ? (
          <>
            {sso ? <Or /> : null}
            <LoginForm next={next} />
            <Or />
            <PasskeySignInButton label="Sign in with a passkey" options={passkeySignInOptions} finish={passkeySignIn} next={next} />
          </>
        ) : (
          <p className="text-sm text-slate-600">This server signs people in through single sign-on only.</p>
        )}
      </div>
    </>
  );
}

function Or() {
  return (
    <div className="flex items-center gap-3 text-xs uppercase text-slate-400" aria-hidden="true">
      <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
    </div>
  );
}

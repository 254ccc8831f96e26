import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FormSuccess } from '@/components/ui/form-message';
import { safeNextPath } from '@/lib/auth/redirect';
import { getCurrentUser } from '@/lib/auth/session';
import { PasskeySignInButton } from '@/components/passkeys';
import { passkeySignIn, passkeySignInOptions } from './actions';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const notices: Record<string, string> = {
  everywhere: 'You were signed out on every device.',
  deleted: 'Your account and everything in it were deleted.',
  'second-step-expired': 'That sign-in took too long or was not finished: sign in again.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : undefined;
  if (await getCurrentUser()) redirect(safeNextPath(next));
  const notice = typeof params.notice === 'string' ? notices[params.notice] : undefined;
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      <div className="space-y-4">
        <FormSuccess message={notice} />
        <LoginForm next={next} />
        <div className="flex items-center gap-3 text-xs uppercase text-slate-400" aria-hidden="true">
          <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
        </div>
        <PasskeySignInButton label="Sign in with a passkey" options={passkeySignInOptions} finish={passkeySignIn} next={next} />
      </div>
    </>
  );
}

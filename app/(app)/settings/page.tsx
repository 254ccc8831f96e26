import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { requireUser } from '@/lib/auth/session';
import { PasswordForm } from '@/components/password-form';
import { hasPassword } from '@/lib/accounts/manage';
import { getEnv } from '@/lib/env';
import { changePasswordAction, setFirstPasswordAction } from './actions';
import { DeleteAccountForm } from './_components/delete-account-form';
import { SettingsTabs } from './_components/settings-tabs';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const { notice } = await searchParams;
  const withPassword = await hasPassword(user.id);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings" />
      <FormSuccess message={notice === 'password' ? 'Your password was changed. Your other sessions were signed out.' : notice === 'password-set' ? 'Your password is set. Your other sessions were signed out.' : undefined} />

      <Card title="Account">
        <dl className="grid max-w-md grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">E-mail</dt>
          <dd>{user.email}</dd>
          <dt className="text-slate-500">Plan</dt>
          <dd>
            <Link href="/settings/usage" className="capitalize text-brand-700 hover:underline">
              {user.plan}
            </Link>
          </dd>
        </dl>
      </Card>

      {withPassword ? (
        <Card title="Change password" description="Changing your password signs you out on every other device.">
          <PasswordForm action={changePasswordAction} askCurrent submit="Change password" />
        </Card>
      ) : (
        <Card
          title="Set a password"
          description={`Your account was made by single sign-on and has no password. ${getEnv().WATCHPOST_PASSWORD_LOGIN ? 'With one you can also sign in without the identity provider, and' : 'You will still sign in through single sign-on;'} changes such as removing a passkey or deleting the account ask for it.`}
        >
          <PasswordForm action={setFirstPasswordAction} askCurrent={false} submit="Set password" />
        </Card>
      )}

      <Card
        title="Delete account"
        description="Deletes your account with all its agents, monitors, heartbeats and incidents. This cannot be undone."
      >
        <DeleteAccountForm />
      </Card>
    </div>
  );
}

import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { listPasskeys } from '@/lib/accounts/passkeys';
import { pendingTotp, RECOVERY_CODE_COUNT, twoFactorState } from '@/lib/accounts/two-factor';
import { membershipsOf } from '@/db/queries/teams';
import { requireUser } from '@/lib/auth/session';
import { SettingsTabs } from '../_components/settings-tabs';
import { PasskeySection } from './_components/passkey-section';
import { DisableTotpForm, RecoveryCodesForm, StartTotpForm, TotpSetup } from './_components/two-factor-forms';

export const metadata: Metadata = { title: 'Security' };

export default async function SecurityPage() {
  const user = await requireUser();
  const state = await twoFactorState(user.id);
  const hasFactor = state.totp === 'on' || state.passkeys > 0;
  // Teams whose data waits for this page (lib/auth/session.ts requireTeam sends members here).
  const waiting = hasFactor ? [] : (await membershipsOf(user.id)).filter((team) => team.requireTwoFactor);
  const pending = state.totp === 'pending' ? await pendingTotp(user.id) : null;
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const passkeys = (await listPasskeys(user.id)).map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    created: day(passkey.createdAt),
    lastUsed: passkey.lastUsedAt ? day(passkey.lastUsedAt) : null,
    synced: passkey.synced,
  }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsTabs current="/settings/security" />
      {waiting.length ? (
        <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          {waiting.map((team) => `“${team.name}”`).join(', ')} {waiting.length === 1 ? 'requires' : 'require'} two-factor sign-in: add an authenticator app or a passkey below to reach {waiting.length === 1 ? 'its' : 'their'} data.
        </p>
      ) : null}

      <Card
        title="Authenticator app"
        description="Two-factor sign-in: after your password, Watchpost asks for the 6-digit code an authenticator app (1Password, Google Authenticator, Aegis…) shows."
      >
        {state.totp === 'on' ? (
          <div className="space-y-4">
            <p className="text-sm">
              <span className="font-medium text-emerald-700">On</span> since {state.confirmedAt!.toISOString().slice(0, 10)}. Signing in asks for a code.
            </p>
            <DisableTotpForm />
          </div>
        ) : pending ? (
          <TotpSetup qrSvg={pending.qrSvg} secret={pending.secret} />
        ) : (
          <StartTotpForm />
        )}
      </Card>

      <Card
        title="Passkeys"
        description="A passkey or security key is a second factor after your password, and signs you in alone from the login page (your device's PIN or fingerprint stands in for the password)."
      >
        <PasskeySection passkeys={passkeys} />
      </Card>

      <Card title="Recovery codes" description={`If you lose your authenticator, each of ${RECOVERY_CODE_COUNT} recovery codes signs you in once instead of a code.`}>
        {hasFactor ? (
          <div className="space-y-4">
            <p className="text-sm" data-testid="recovery-codes-left">
              {state.recoveryCodesLeft} of {RECOVERY_CODE_COUNT} left.
            </p>
            <RecoveryCodesForm />
          </div>
        ) : (
          <p className="text-sm text-slate-600">Made when you add an authenticator app or a passkey.</p>
        )}
      </Card>
    </div>
  );
}

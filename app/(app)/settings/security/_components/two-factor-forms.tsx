'use client';

import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { CopyButton } from '@/components/ui/copy-button';
import { confirmTotpAction, disableTotpAction, regenerateRecoveryCodesAction, startTotpSetupAction } from '../actions';

/** Recovery codes, shown this once. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4" role="region" aria-label="Your recovery codes">
      <p className="text-sm">
        Keep these somewhere safe (a password manager): they are shown <strong>only this once</strong>, and each signs you in once if you lose your authenticator.
      </p>
      <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <CopyButton text={codes.join('\n')} label="Copy the recovery codes" />
    </div>
  );
}

export function StartTotpForm() {
  const form = useFormAction(startTotpSetupAction);
  return (
    <form action={form.action} className="space-y-3">
      <FormError message={form.formError} />
      <SubmitButton pendingText="Starting…">Set up an authenticator app</SubmitButton>
    </form>
  );
}

/** Scan (or type the key), then one code turns it on; the recovery codes replace the setup, shown once. */
export function TotpSetup({ qrSvg, secret }: { qrSvg: string; secret: string }) {
  const form = useFormAction(confirmTotpAction);
  if (form.state?.ok) {
    return (
      <div className="space-y-4">
        <p className="text-sm">
          <span className="font-medium text-emerald-700">Two-factor sign-in is on.</span> From now on, signing in asks for a code from the app.
        </p>
        {form.state.data.recoveryCodes ? <RecoveryCodes codes={form.state.data.recoveryCodes} /> : <p className="text-sm">Your recovery codes stay as they were.</p>}
        <a href="/settings/security" className="inline-block text-sm text-brand-700 hover:underline">
          {form.state.data.recoveryCodes ? 'I have saved them' : 'Done'}
        </a>
      </div>
    );
  }
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_1fr]">
      {/* Made on this server (uqr): the secret never goes to a chart service. */}
      <div className="w-48 rounded border border-slate-200 bg-white p-2" role="img" aria-label="QR code to scan with your authenticator app" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <div className="space-y-4">
        <p className="text-sm text-slate-700">1. Scan the QR code with your authenticator app, or type this key into it:</p>
        <code data-testid="totp-secret" className="block break-all rounded bg-slate-100 px-3 py-2 font-mono text-sm">
          {secret}
        </code>
        <p className="text-sm text-slate-700">2. Type the code the app shows, to turn it on.</p>
        <form action={form.action} className="max-w-xs space-y-4" noValidate>
          <FormError message={form.formError} />
          <Field label="Code from the app" name="code" autoComplete="one-time-code" inputMode="numeric" required error={form.fieldError('code')} />
          <SubmitButton pendingText="Checking…">Turn on</SubmitButton>
        </form>
      </div>
    </div>
  );
}

export function DisableTotpForm() {
  const form = useFormAction(disableTotpAction);
  return (
    <form action={form.action} className="max-w-sm space-y-4" noValidate>
      <FormError message={form.formError} />
      <Field label="Your password, to turn it off" name="password" type="password" autoComplete="current-password" error={form.fieldError('password')} />
      <SubmitButton variant="danger" pendingText="Turning off…">
        Turn off two-factor sign-in
      </SubmitButton>
    </form>
  );
}

export function RecoveryCodesForm() {
  const form = useFormAction(regenerateRecoveryCodesAction);
  return (
    <div className="space-y-4">
      {form.state?.ok ? <RecoveryCodes codes={form.state.data.recoveryCodes} /> : null}
      <form action={form.action} className="max-w-sm space-y-4" noValidate>
        <FormError message={form.formError} />
        <Field label="Your password, to make new codes" name="password" type="password" autoComplete="current-password" error={form.fieldError('password')} />
        <SubmitButton pendingText="Making codes…">Make new recovery codes</SubmitButton>
        <p className="text-xs text-slate-500">New codes void all the old ones.</p>
      </form>
    </div>
  );
}

'use client';

import { useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { AddPasskeyForm } from '@/components/passkeys';
import { addPasskeyAction, passkeyOptionsAction, removePasskeyAction } from '../actions';
import { RecoveryCodes } from './two-factor-forms';

export interface PasskeyRow {
  id: string;
  name: string;
  created: string;
  lastUsed: string | null;
  synced: boolean;
}

function RemovePasskeyForm({ passkeys }: { passkeys: PasskeyRow[] }) {
  const form = useFormAction(removePasskeyAction);
  return (
    <form action={form.action} className="max-w-sm space-y-3" noValidate>
      <FormError message={form.formError} />
      <div className="space-y-1">
        <label htmlFor="remove-passkey" className="block text-sm font-medium text-slate-700">
          Passkey to remove
        </label>
        <select id="remove-passkey" name="passkeyId" className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm">
          {passkeys.map((passkey) => (
            <option key={passkey.id} value={passkey.id}>
              {passkey.name}
            </option>
          ))}
        </select>
      </div>
      <Field label="Your password, to remove it" name="password" type="password" autoComplete="current-password" error={form.fieldError('password')} />
      <SubmitButton variant="danger" pendingText="Removing…">
        Remove passkey
      </SubmitButton>
    </form>
  );
}

export function PasskeySection({ passkeys }: { passkeys: PasskeyRow[] }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="space-y-6">
      {passkeys.length ? (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Name</th>
              <th className="py-1 pr-4 font-medium">Added</th>
              <th className="py-1 font-medium">Last used</th>
            </tr>
          </thead>
          <tbody data-testid="passkeys">
            {passkeys.map((passkey) => (
              <tr key={passkey.id} className="border-t border-slate-100">
                <td className="py-2 pr-4">
                  {passkey.name}
                  {passkey.synced ? <span className="ml-2 text-xs text-slate-500">synced</span> : null}
                </td>
                <td className="py-2 pr-4">{passkey.created}</td>
                <td className="py-2">{passkey.lastUsed ?? 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">No passkey yet.</p>
      )}
      {codes ? <RecoveryCodes codes={codes} /> : null}
      <AddPasskeyForm options={passkeyOptionsAction} finish={addPasskeyAction} onRecoveryCodes={setCodes} />
      {passkeys.length ? <RemovePasskeyForm passkeys={passkeys} /> : null}
    </div>
  );
}

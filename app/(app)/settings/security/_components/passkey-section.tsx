'use client';

import { useState } from 'react';
import { type Column, DataTable } from '@/components/ui/data-table';
import { Field, SelectField } from '@/components/ui/field';
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
      <SelectField label="Passkey to remove" name="passkeyId" options={passkeys.map((passkey) => ({ value: passkey.id, label: passkey.name }))} error={form.fieldError('passkeyId')} />
      <Field label="Your password, to remove it" name="password" type="password" autoComplete="current-password" error={form.fieldError('password')} />
      <SubmitButton variant="danger" pendingText="Removing…">
        Remove passkey
      </SubmitButton>
    </form>
  );
}

const COLUMNS: Column<PasskeyRow>[] = [
  { header: 'Name', cell: (passkey) => (passkey.synced ? `${passkey.name} (synced)` : passkey.name) },
  { header: 'Added', cell: (passkey) => passkey.created },
  { header: 'Last used', cell: (passkey) => passkey.lastUsed ?? 'never' },
];

export function PasskeySection({ passkeys }: { passkeys: PasskeyRow[] }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <div className="space-y-6">
      {passkeys.length ? (
        <DataTable rows={passkeys} columns={COLUMNS} rowKey={(passkey) => passkey.id} rowTestId="passkey" />
      ) : (
        <p className="text-sm text-slate-600">No passkey yet.</p>
      )}
      {codes ? <RecoveryCodes codes={codes} /> : null}
      <AddPasskeyForm options={passkeyOptionsAction} finish={addPasskeyAction} onRecoveryCodes={setCodes} />
      {passkeys.length ? <RemovePasskeyForm passkeys={passkeys} /> : null}
    </div>
  );
}

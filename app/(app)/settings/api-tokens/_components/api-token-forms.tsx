'use client';

import { Field, SelectField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SecretReveal } from '@/components/ui/secret-reveal';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { createApiTokenAction, revokeApiTokenAction } from '../actions';

const TOKEN_ROLE_OPTIONS = [
  { value: 'viewer', label: 'Viewer: reads everything' },
  { value: 'responder', label: 'Responder: also acknowledges, resolves, posts updates and runs maintenance' },
  { value: 'editor', label: 'Editor: also changes monitors, agents, channels, pages and maintenance' },
] as const;

export function CreateApiTokenForm({ origin }: { origin: string }) {
  const form = useFormAction(createApiTokenAction);
  const created = form.state?.ok ? form.state.data : null;
  return (
    <div className="space-y-4">
      <form action={form.action} className="space-y-3" noValidate>
        <FormError message={form.formError} />
        <div className="grid gap-3 sm:grid-cols-[1fr_1fr_12rem]">
          <Field label="Token name" name="name" idPrefix="token" placeholder="deploy pipeline" defaultValue={form.typed('name')} error={form.fieldError('name')} />
          <SelectField label="Role" name="role" idPrefix="token" options={TOKEN_ROLE_OPTIONS} defaultValue={form.typed('role') ?? 'viewer'} error={form.fieldError('role')} />
          <Field label="Expires on (optional)" name="expires" type="date" idPrefix="token" defaultValue={form.typed('expires')} error={form.fieldError('expires')} />
        </div>
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
      {created ? (
        <SecretReveal label="New API token" secret={created.token} testId="api-token" copyLabel="Copy token">
          <p className="text-sm text-amber-900">
            The token “{created.name}”. Copy it now: it is shown only this once, and Watchpost keeps only its hash.
          </p>
          <p className="text-sm text-amber-900">
            Use it as <code className="font-mono">Authorization: Bearer …</code>, for example:{' '}
            <code className="break-all font-mono">curl -H &quot;Authorization: Bearer $WATCHPOST_TOKEN&quot; {origin}/api/v1/incidents?state=open</code>
          </p>
        </SecretReveal>
      ) : null}
    </div>
  );
}

export function RevokeApiTokenForm({ tokenId, name }: { tokenId: string; name: string }) {
  const form = useFormAction(revokeApiTokenAction);
  return (
    <form action={form.action} aria-label={`Revoke the token ${name}`}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <SubmitButton pendingText="Revoking…" variant="secondary">
        Revoke
      </SubmitButton>
      <FormError message={form.formError} />
    </form>
  );
}

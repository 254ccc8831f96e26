'use client';

import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { Field } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { deleteAgentAction, renameAgentAction, rotateAgentKeyAction } from '../actions';
import { TokenReveal } from './token-reveal';

export function RenameAgentForm({ agentId, name }: { agentId: string; name: string }) {
  const form = useFormAction(renameAgentAction);
  return (
    <form action={form.action} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="agentId" value={agentId} />
      <div className="w-64">
        <Field label="Name" name="name" maxLength={100} defaultValue={form.typed('name') ?? name} error={form.fieldError('name')} />
      </div>
      <SubmitButton variant="secondary" pendingText="Saving…">
        Rename
      </SubmitButton>
      <FormError message={form.formError} />
      <FormSuccess message={form.state?.ok ? 'Renamed.' : undefined} />
    </form>
  );
}

export function RotateKeyForm({ agentId, serverUrl }: { agentId: string; serverUrl: string }) {
  const form = useFormAction(rotateAgentKeyAction);
  const token = form.state?.ok ? form.state.data.token : null;
  return (
    <div className="space-y-3">
      <form
        action={form.action}
        onSubmit={(event) => {
          if (!window.confirm('Rotate the key? The agent stops working until it is restarted with the new token.')) event.preventDefault();
        }}
      >
        <input type="hidden" name="agentId" value={agentId} />
        <SubmitButton variant="secondary" pendingText="Rotating…">
          Rotate key
        </SubmitButton>
      </form>
      <FormError message={form.formError} />
      {token ? <TokenReveal token={token} serverUrl={serverUrl} /> : null}
    </div>
  );
}

export function DeleteAgentForm({ agentId, monitorCount }: { agentId: string; monitorCount: number }) {
  return (
    <ConfirmDeleteForm action={deleteAgentAction} field="agentId" id={agentId} button="Delete agent">
      I understand this deletes the agent and its {monitorCount} monitor{monitorCount === 1 ? '' : 's'}, with their heartbeats and incidents.
    </ConfirmDeleteForm>
  );
}

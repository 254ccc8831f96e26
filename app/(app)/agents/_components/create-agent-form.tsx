'use client';

import Link from 'next/link';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { createAgentAction } from '../actions';
import { TokenReveal } from './token-reveal';

export function CreateAgentForm({ serverUrl, hasBuiltin, limitReason }: { serverUrl: string; hasBuiltin: boolean; limitReason?: string }) {
  const form = useFormAction(createAgentAction);
  const created = form.state?.ok ? form.state.data : null;
  return (
    <div className="space-y-4">
      <form action={form.action} className="flex flex-wrap items-end gap-4" noValidate>
        <div className="w-64">
          <Field label="Agent name" name="name" maxLength={100} defaultValue={form.typed('name')} error={form.fieldError('name')} />
        </div>
        <div className="space-y-1">
          <label htmlFor="field-kind" className="block text-sm font-medium text-slate-700">
            Runs on
          </label>
          <select
            id="field-kind"
            name="kind"
            defaultValue={form.typed('kind') ?? 'remote'}
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
          >
            <option value="remote">A machine of mine (remote agent)</option>
            {hasBuiltin ? null : <option value="builtin">This server (built-in agent)</option>}
          </select>
          {form.fieldError('kind') ? <p className="text-sm text-red-600">{form.fieldError('kind')}</p> : null}
        </div>
        <SubmitButton pendingText="Adding…" disabledReasonId={limitReason ? 'agent-limit' : undefined}>
          Add agent
        </SubmitButton>
      </form>
      {limitReason ? (
        <p id="agent-limit" className="text-sm text-slate-700">
          {limitReason}
        </p>
      ) : null}
      <FormError message={form.formError} />
      {created ? (
        created.token ? (
          <div className="space-y-2">
            <p className="text-sm">
              Agent <strong>{created.name}</strong> is ready.{' '}
              <Link className="text-brand-700 hover:underline" href={`/agents/${created.agentId}`}>
                Open it
              </Link>
            </p>
            <TokenReveal token={created.token} serverUrl={serverUrl} />
          </div>
        ) : (
          <p role="status" className="text-sm text-emerald-800">
            The built-in agent <strong>{created.name}</strong> is ready: its checks run inside this server, with nothing to install.
          </p>
        )
      ) : null}
    </div>
  );
}

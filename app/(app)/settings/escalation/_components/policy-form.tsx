'use client';

import Link from 'next/link';
import { useState } from 'react';
import { CheckboxField, Field } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { MAX_STEPS } from '@/lib/escalation/limits';
import { createPolicyAction, deletePolicyAction, updatePolicyAction } from '../actions';

export interface PolicyFormValues {
  policyId?: string;
  name: string;
  repeatCount: number;
  steps: { waitMinutes: number; notifyResponders: boolean; channelIds: string[] }[];
}

type Channel = { id: string; name: string; kind: string };

/** A policy's name, its steps in order (who is told, then how long to wait), and how often it repeats. */
export function PolicyForm({ initial, channels }: { initial: PolicyFormValues; channels: Channel[] }) {
  const editing = Boolean(initial.policyId);
  const form = useFormAction(editing ? updatePolicyAction : createPolicyAction);
  // Each step keeps its key while others are added or removed, so its fields keep what was typed.
  const [steps, setSteps] = useState(() => initial.steps.map((step, index) => ({ key: index, step })));
  const [nextKey, setNextKey] = useState(initial.steps.length);
  const submitted = form.state !== null;
  // After a refusal, what was typed; otherwise (first load, or saved) the values as they are.
  const refused = form.state?.ok === false;
  const text = (field: string, fallback: string) => form.typed(field) ?? (refused ? '' : fallback);
  const ticked = (field: string, fallback: boolean) => (refused ? form.typed(field) === 'on' : fallback);
  // A step's wait: as typed if it was there at the refusal; a step added since starts from its default.
  const wait = (field: string, fallback: string) => form.typed(field) ?? fallback;
  const created = form.state?.ok && !editing ? form.state.data : null;

  if (created) {
    return (
      <div className="space-y-3">
        <FormSuccess message={`Policy “${created.name}” is ready.`} />
        <p className="text-sm">Choose it for a monitor on the monitor’s edit page, under Notifications.</p>
      </div>
    );
  }

  const addStep = () => {
    setSteps((current) => [...current, { key: nextKey, step: { waitMinutes: 10, notifyResponders: false, channelIds: [] } }]);
    setNextKey((key) => key + 1);
  };

  return (
    <form action={form.action} className="max-w-3xl space-y-5" noValidate key={submitted ? 'after' : 'before'}>
      {editing ? <input type="hidden" name="policyId" value={initial.policyId} /> : null}
      <FormError message={form.formError ?? form.fieldError('steps')} />
      {form.state?.ok && editing ? <FormSuccess message="Policy saved." /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Policy name" name="name" maxLength={100} defaultValue={text('name', initial.name)} error={form.fieldError('name')} placeholder="Database on-call" />
        <Field
          label="Repeat the whole policy (times)"
          name="repeatCount"
          inputMode="numeric"
          defaultValue={text('repeatCount', String(initial.repeatCount))}
          error={form.fieldError('repeatCount')}
          hint="0 to 9: after the last step, start again from the first while nobody acknowledges."
        />
      </div>
      {channels.length === 0 ? (
        <p className="text-sm text-slate-600">
          No channels yet: steps can e-mail the team’s responders, or <Link href="/settings/notifications" className="text-brand-700 hover:underline">add a channel</Link> (PagerDuty, Opsgenie, Slack …) first.
        </p>
      ) : null}
      <ol className="space-y-4">
        {steps.map(({ key, step }, index) => (
          <li key={key}>
            <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
              <legend className="px-1 text-sm font-semibold">Step {index + 1}</legend>
              {channels.length ? (
                <div className="grid gap-1 sm:grid-cols-2" role="group" aria-label={`Step ${index + 1}: channels`}>
                  {channels.map((channel) => (
                    <label key={channel.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name={`step-${index}-channel:${channel.id}`} defaultChecked={ticked(`step-${index}-channel:${channel.id}`, step.channelIds.includes(channel.id))} className="h-4 w-4" />
                      {channel.name} <span className="text-slate-500">({channel.kind})</span>
                    </label>
                  ))}
                </div>
              ) : null}
              <CheckboxField label="Also e-mail every member who can respond (responder and up)" name={`step-${index}-responders`} defaultChecked={ticked(`step-${index}-responders`, step.notifyResponders)} />
              {form.fieldError(`step-${index}-targets`) ? <p className="text-sm text-red-600">{form.fieldError(`step-${index}-targets`)}</p> : null}
              <div className="flex flex-wrap items-end gap-4">
                <div className="w-64">
                  <Field
                    label={index === steps.length - 1 ? 'Then wait (minutes) before repeating or ending' : 'Then wait (minutes) before the next step'}
                    name={`step-${index}-wait`}
                    inputMode="numeric"
                    defaultValue={wait(`step-${index}-wait`, String(step.waitMinutes))}
                    error={form.fieldError(`step-${index}-wait`)}
                    hint="1 to 1,440. Acknowledging stops here."
                  />
                </div>
                {steps.length > 1 ? (
                  <button type="button" className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setSteps((current) => current.filter((s) => s.key !== key))}>
                    Remove step {index + 1}
                  </button>
                ) : null}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        {steps.length < MAX_STEPS ? (
          <button type="button" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100" onClick={addStep}>
            Add step
          </button>
        ) : null}
        <SubmitButton pendingText="Saving…">{editing ? 'Save policy' : 'Create policy'}</SubmitButton>
      </div>
    </form>
  );
}

export function DeletePolicyForm({ policyId }: { policyId: string }) {
  return (
    <ConfirmDeleteForm action={deletePolicyAction} field="policyId" id={policyId} button="Delete policy">
      I understand its monitors keep only their channels, and incidents escalating by it stop.
    </ConfirmDeleteForm>
  );
}

'use client';

import { Field } from '@/components/ui/field';
import { Checklist } from '@/components/ui/checklist';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { addComponentAction, deleteComponentAction, moveComponentAction, updateComponentAction } from '../actions';

export interface ComponentFields {
  componentId?: string;
  name: string;
  description: string;
  groupName: string;
  monitorIds: string[];
}

/** Add a component to a page, or edit one: its public name, and the monitors behind it. */
export function ComponentForm({ pageId, initial, monitors }: { pageId: string; initial: ComponentFields; monitors: { id: string; name: string }[] }) {
  const form = useFormAction(initial.componentId ? updateComponentAction : addComponentAction);
  const editing = !!initial.componentId;
  const value = (field: 'name' | 'description' | 'groupName') => form.typed(field) ?? initial[field];
  const idPrefix = `component-${initial.componentId ?? 'new'}`;
  return (
    <form action={form.action} className="space-y-4" noValidate>
      {editing ? <input type="hidden" name="componentId" value={initial.componentId} /> : <input type="hidden" name="pageId" value={pageId} />}
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message={editing ? 'Component saved.' : `Added ${form.state.data.name}.`} /> : null}
      <Field idPrefix={idPrefix} label="Component name" name="name" defaultValue={value('name')} error={form.fieldError('name')} hint="What your customers call it, e.g. API or Checkout." maxLength={100} required />
      <Field idPrefix={idPrefix} label="Component description" name="description" defaultValue={value('description')} error={form.fieldError('description')} maxLength={500} />
      <Field idPrefix={idPrefix} label="Group" name="groupName" defaultValue={value('groupName')} error={form.fieldError('groupName')} hint="Components with the same group are shown together; leave empty for none." maxLength={100} />
      <fieldset className="space-y-2 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">Monitors behind it</legend>
        <p className="text-xs text-slate-500">The component shows the worst status of these. Their names and targets are never shown publicly.</p>
        <Checklist items={monitors} chosen={initial.monitorIds} label={`Monitors behind ${initial.name || 'the new component'}`} />
        {form.fieldError('monitorIds') ? <p className="text-sm text-red-600">{form.fieldError('monitorIds')}</p> : null}
      </fieldset>
      <SubmitButton pendingText="Saving…">{editing ? 'Save component' : 'Add component'}</SubmitButton>
    </form>
  );
}

export function ComponentRowActions({ componentId, name, first, last }: { componentId: string; name: string; first: boolean; last: boolean }) {
  const move = useFormAction(moveComponentAction);
  const remove = useFormAction(deleteComponentAction);
  const button = 'rounded-md px-2 py-1 text-sm text-brand-700 hover:bg-slate-100 disabled:opacity-40';
  return (
    <div className="flex flex-wrap items-center gap-1">
      {/* The button pressed sends its direction. */}
      <form action={move.action} className="flex">
        <input type="hidden" name="componentId" value={componentId} />
        <button type="submit" name="direction" value="up" className={button} disabled={first || move.pending} aria-label={`Move ${name} up`}>
          ↑
        </button>
        <button type="submit" name="direction" value="down" className={button} disabled={last || move.pending} aria-label={`Move ${name} down`}>
          ↓
        </button>
      </form>
      <form action={remove.action}>
        <input type="hidden" name="componentId" value={componentId} />
        <button type="submit" className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50" disabled={remove.pending} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </form>
      {move.formError || remove.formError ? <span className="text-sm text-red-600">{move.formError ?? remove.formError}</span> : null}
    </div>
  );
}

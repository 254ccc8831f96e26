'use client';

import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { CheckboxField, Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { Checklist } from '@/components/ui/checklist';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { createMaintenanceAction, deleteMaintenanceAction, endMaintenanceAction, extendMaintenanceAction, updateMaintenanceAction } from '../actions';

export interface MaintenanceFields {
  windowId?: string;
  title: string;
  description: string;
  timeZone: string;
  start: string;
  end: string;
  repeat: string;
  rrule: string;
  monitorIds: string[];
  pageIds: string[];
  notifySubscribers: boolean;
}

const REPEAT_OPTIONS = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week, on the start’s weekday' },
  { value: 'monthly', label: 'Every month, on the start’s day' },
  { value: 'custom', label: 'By a recurrence rule (RRULE)' },
];

/** Plan maintenance, or edit it: when, how it repeats, what it covers, where it is shown. */
export function MaintenanceForm({ initial, monitors, pages }: { initial: MaintenanceFields; monitors: { id: string; name: string }[]; pages: { id: string; name: string }[] }) {
  const form = useFormAction(initial.windowId ? updateMaintenanceAction : createMaintenanceAction);
  const value = (field: 'title' | 'description' | 'timeZone' | 'start' | 'end' | 'repeat' | 'rrule') => form.typed(field) ?? initial[field];
  return (
    <form action={form.action} className="space-y-4" noValidate>
      {initial.windowId ? <input type="hidden" name="windowId" value={initial.windowId} /> : null}
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message="Maintenance saved." /> : null}
      <Field label="Title" name="title" defaultValue={value('title')} error={form.fieldError('title')} hint="Shown on the status pages you choose, e.g. Database upgrade." maxLength={200} required />
      <TextAreaField
        idPrefix="maintenance"
        label="Description"
        name="description"
        defaultValue={value('description')}
        error={form.fieldError('description')}
        hint="Markdown; what your customers should expect."
        rows={3}
        maxLength={5000}
      />
      <Field label="Time zone" name="timeZone" defaultValue={value('timeZone')} error={form.fieldError('timeZone')} hint="The start and end are read in it, e.g. Europe/Berlin." required />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Start" name="start" type="datetime-local" defaultValue={value('start')} error={form.fieldError('start')} required />
        <Field label="End" name="end" type="datetime-local" defaultValue={value('end')} error={form.fieldError('end')} hint="Up to 7 days after the start." required />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField key={`repeat-${value('repeat')}`} label="Repeats" name="repeat" defaultValue={value('repeat')} options={REPEAT_OPTIONS} error={form.fieldError('repeat')} />
        <Field
          label="Recurrence rule"
          name="rrule"
          defaultValue={value('rrule')}
          error={form.fieldError('rrule')}
          hint="For “By a recurrence rule”: e.g. FREQ=WEEKLY;BYDAY=SU or FREQ=MONTHLY;BYDAY=1SA (RFC 5545). Each time lasts from the start’s time to the end’s."
          maxLength={500}
        />
      </div>
      <fieldset className="space-y-2 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">Monitors it covers</legend>
        <p className="text-xs text-slate-500">During the window they send no notifications and their checks are left out of uptime. One still down at the end alerts then.</p>
        <Checklist items={monitors} chosen={initial.monitorIds} label="Monitors this maintenance covers" />
        {form.fieldError('monitorIds') ? <p className="text-sm text-red-600">{form.fieldError('monitorIds')}</p> : null}
      </fieldset>
      <fieldset className="space-y-2 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">Show on status pages</legend>
        <Checklist name="page" items={pages} chosen={initial.pageIds} label="Status pages that show this maintenance" empty="You have no status pages." />
        {form.fieldError('pageIds') ? <p className="text-sm text-red-600">{form.fieldError('pageIds')}</p> : null}
        <CheckboxField label="E-mail those pages’ subscribers: when it is announced, 1 hour before, at the start and at the end" name="notifySubscribers" defaultChecked={initial.notifySubscribers} />
      </fieldset>
      <SubmitButton pendingText="Saving…">{initial.windowId ? 'Save maintenance' : 'Schedule maintenance'}</SubmitButton>
    </form>
  );
}

/** End the running occurrence now, or give it more time. */
export function RunningMaintenanceForms({ windowId }: { windowId: string }) {
  const end = useFormAction(endMaintenanceAction);
  const extend = useFormAction(extendMaintenanceAction);
  return (
    <div className="flex flex-wrap items-end gap-4">
      <form action={end.action}>
        <input type="hidden" name="windowId" value={windowId} />
        <FormError message={end.formError} />
        <SubmitButton variant="secondary" pendingText="Ending…">
          End now
        </SubmitButton>
      </form>
      <form action={extend.action} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="windowId" value={windowId} />
        {extend.state?.ok ? <FormSuccess message="Extended." /> : null}
        <SelectField
          label="Extend by"
          name="minutes"
          defaultValue="30"
          options={[
            { value: '15', label: '15 minutes' },
            { value: '30', label: '30 minutes' },
            { value: '60', label: '1 hour' },
            { value: '120', label: '2 hours' },
            { value: '240', label: '4 hours' },
          ]}
          error={extend.fieldError('minutes') ?? extend.formError}
        />
        <SubmitButton variant="secondary" pendingText="Extending…">
          Extend
        </SubmitButton>
      </form>
    </div>
  );
}

export function DeleteMaintenanceForm({ windowId }: { windowId: string }) {
  return (
    <ConfirmDeleteForm action={deleteMaintenanceAction} field="windowId" id={windowId} button="Delete maintenance">
      I understand its checks count toward uptime again, and subscribers hear it is cancelled.
    </ConfirmDeleteForm>
  );
}

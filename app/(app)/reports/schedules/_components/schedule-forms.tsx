'use client';

import { CheckboxField, Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { QueueForm } from '@/components/ui/queue-form';
import { createScheduleAction, deleteScheduleAction, sendScheduleNowAction } from '../actions';

type Choice = { id: string; name: string };

/** A new schedule: when, what it covers, and who gets it. */
export function ScheduleForm({ monitors, pages, timeZone }: { monitors: Choice[]; pages: Choice[]; timeZone: string }) {
  const form = useFormAction(createScheduleAction);
  const typed = (field: string, fallback: string) => form.typed(field) ?? fallback;
  const created = form.state?.ok ? form.state.data : null;
  return (
    <form action={form.action} className="max-w-3xl space-y-4" noValidate key={created ? created.nextRunAt : 'form'}>
      <FormError message={form.formError} />
      {created ? <FormSuccess message={`Schedule “${created.name}” saved: the first report goes out ${new Date(created.nextRunAt).toLocaleString('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone}).`} /> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Schedule name" name="name" maxLength={100} defaultValue={typed('name', '')} error={form.fieldError('name')} placeholder="Monthly SLA report" />
        <SelectField
          label="How often"
          name="cadence"
          options={[
            { value: 'monthly', label: 'Monthly, on the 1st (last month)' },
            { value: 'weekly', label: 'Weekly, on Mondays (last week)' },
          ]}
          defaultValue={typed('cadence', 'monthly')}
          error={form.fieldError('cadence')}
        />
        <Field label={`Hour (${timeZone})`} name="hour" inputMode="numeric" defaultValue={typed('hour', '8')} error={form.fieldError('hour')} hint="0 to 23, in the team’s time zone." />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Covers"
          name="scope"
          options={[
            { value: 'team', label: 'Every monitor of the team' },
            { value: 'page', label: 'A status page (its components)' },
            { value: 'monitors', label: 'Chosen monitors' },
          ]}
          defaultValue={typed('scope', 'team')}
          error={form.fieldError('scope')}
        />
        <SelectField label="Status page" name="pageId" options={[{ value: '', label: 'None' }, ...pages.map((p) => ({ value: p.id, label: p.name }))]} defaultValue={typed('pageId', '')} error={form.fieldError('pageId')} hint="When it covers a status page." />
      </div>
      {monitors.length ? (
        <fieldset className="rounded-lg border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">Chosen monitors (when it covers chosen monitors)</legend>
          <div className="grid max-h-48 gap-1 overflow-y-auto sm:grid-cols-2">
            {monitors.map((m) => (
              <label key={m.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name={`monitor:${m.id}`} defaultChecked={form.typed(`monitor:${m.id}`) === 'on'} className="h-4 w-4" />
                <span className="truncate">{m.name}</span>
              </label>
            ))}
          </div>
          {form.fieldError('monitorIds') ? <p className="mt-1 text-sm text-red-600">{form.fieldError('monitorIds')}</p> : null}
        </fieldset>
      ) : null}
      <TextAreaField label="Send to (e-mail addresses)" name="addresses" rows={2} defaultValue={typed('addresses', '')} error={form.fieldError('addresses')} hint="Separated by commas or spaces; at most 50. Sent through the server’s SMTP (WATCHPOST_SMTP_URL)." />
      <CheckboxField label="Also every member of the team (as it is when the report goes out)" name="toMembers" defaultChecked={form.typed('toMembers') === 'on'} />
      <SubmitButton pendingText="Saving…">Create schedule</SubmitButton>
    </form>
  );
}

export function SendNowForm({ scheduleId }: { scheduleId: string }) {
  return <QueueForm action={sendScheduleNowAction} field="scheduleId" id={scheduleId} button="Send now" pendingText="Queuing…" queued="Queued: it goes out within seconds." />;
}

export function DeleteScheduleForm({ scheduleId }: { scheduleId: string }) {
  return (
    <ConfirmDeleteForm action={deleteScheduleAction} field="scheduleId" id={scheduleId} button="Delete schedule">
      I understand no more reports go out by it.
    </ConfirmDeleteForm>
  );
}

'use client';

import Link from 'next/link';
import { CheckboxField, Field, SelectField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { SLO_WINDOWS } from '@/db/schema/slos';
import { WINDOW_LABELS } from '@/lib/slo/compute';
import { createSloAction, deleteSloAction, updateSloAction } from '../actions';

export interface SloFormValues {
  sloId?: string;
  name: string;
  /** monitor:<id> or component:<id> */
  subject: string;
  target: string;
  window: string;
  degradedCountsAsDown: boolean;
  fastBurn: string;
  slowBurn: string;
}

type Choice = { id: string; name: string };

/** An SLO: what it is for, the target, the window, what counts, and when to alert. */
export function SloForm({ initial, monitors, components }: { initial: SloFormValues; monitors: Choice[]; components: Choice[] }) {
  const editing = Boolean(initial.sloId);
  const form = useFormAction(editing ? updateSloAction : createSloAction);
  const refused = form.state?.ok === false;
  const text = (field: string, fallback: string) => form.typed(field) ?? (refused ? '' : fallback);
  const created = form.state?.ok && !editing ? form.state.data : null;
  if (created) {
    return (
      <div className="space-y-3">
        <FormSuccess message={`SLO “${created.name}” is set.`} />
        <p className="text-sm">
          <Link href={`/slos/${created.sloId}`} className="font-medium text-brand-700 hover:underline">
            See its error budget
          </Link>
        </p>
      </div>
    );
  }
  const subjects = [
    { value: '', label: 'Choose a monitor or component…' },
    ...monitors.map((m) => ({ value: `monitor:${m.id}`, label: `Monitor: ${m.name}` })),
    ...components.map((c) => ({ value: `component:${c.id}`, label: `Component: ${c.name}` })),
  ];
  return (
    <form action={form.action} className="max-w-3xl space-y-4" noValidate key={form.state ? 'after' : 'before'}>
      {editing ? <input type="hidden" name="sloId" value={initial.sloId} /> : null}
      <FormError message={form.formError} />
      {form.state?.ok && editing ? <FormSuccess message="SLO saved." /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="SLO name" name="name" maxLength={100} defaultValue={text('name', initial.name)} error={form.fieldError('name')} placeholder="Checkout availability" />
        <SelectField label="Measured on" name="subject" options={subjects} defaultValue={text('subject', initial.subject)} error={form.fieldError('subject')} hint="A component counts the checks of all its monitors." />
        <Field
          label="Target (%)"
          name="target"
          inputMode="decimal"
          defaultValue={text('target', initial.target)}
          error={form.fieldError('target')}
          hint="Above 0, at most 100; 99.9 allows 43 minutes of failed checks in 30 days. 100 allows none."
        />
        <SelectField label="Window" name="window" options={SLO_WINDOWS.map((w) => ({ value: w, label: WINDOW_LABELS[w] }))} defaultValue={text('window', initial.window)} error={form.fieldError('window')} hint="Calendar windows follow the team’s time zone (Settings → Team)." />
      </div>
      <CheckboxField label="Degraded counts as down (up checks while the monitor was slower than its limit)" name="degradedCountsAsDown" defaultChecked={refused ? form.typed('degradedCountsAsDown') === 'on' : initial.degradedCountsAsDown} />
      <p className="text-xs text-slate-500">Checks inside maintenance are never counted, for or against.</p>
      <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2">
        <legend className="px-1 text-sm font-semibold">Burn alerts</legend>
        <Field label="Fast burn (over 1 h and 5 min)" name="fastBurn" inputMode="decimal" defaultValue={text('fastBurn', initial.fastBurn)} error={form.fieldError('fastBurn')} hint="14.4× spends 2 % of a 30-day budget in an hour." />
        <Field label="Slow burn (over 6 h and 30 min)" name="slowBurn" inputMode="decimal" defaultValue={text('slowBurn', initial.slowBurn)} error={form.fieldError('slowBurn')} hint="6× spends 5 % of a 30-day budget in 6 hours." />
        <p className="text-xs text-slate-500 sm:col-span-2">
          Alerts go to the channels covering its monitors that chose “SLO error budget burning fast” or “used up”, once per episode.
        </p>
      </fieldset>
      <SubmitButton pendingText="Saving…">{editing ? 'Save SLO' : 'Create SLO'}</SubmitButton>
    </form>
  );
}

export function DeleteSloForm({ sloId }: { sloId: string }) {
  return (
    <ConfirmDeleteForm action={deleteSloAction} field="sloId" id={sloId} button="Delete SLO">
      I understand its budget and alerts stop (the monitor’s checks stay).
    </ConfirmDeleteForm>
  );
}

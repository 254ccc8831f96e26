'use client';

import Link from 'next/link';
import { useState } from 'react';
import { SecretReveal } from '@/components/ui/secret-reveal';
import { CheckboxField, Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { Checklist } from '@/components/ui/checklist';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ChannelKind } from '@/db/schema/notifications';
import { CHANNEL_KIND_CHOICES, eventsOfKind, KIND_FORMS, KIND_LABELS, type KindField, ROUTABLE_EVENTS } from '@/lib/notifications/kind-forms';
import type { ChannelSettings } from '@/lib/notifications/kinds';
import { createChannelAction, updateChannelAction } from '../actions';

export interface ChannelFormValues {
  channelId?: string;
  name: string;
  kind: ChannelKind;
  settings: ChannelSettings;
  allMonitors: boolean;
  monitorIds: string[];
  componentIds: string[];
  reminderMinutes: number | null;
  events: readonly string[];
}

/** The signing secret of a webhook channel, shown once. */
export function SigningSecretReveal({ secret }: { secret: string }) {
  return (
    <SecretReveal label="Signing secret" secret={secret} testId="signing-secret" copyLabel="Copy secret">
      <p className="text-sm font-medium text-amber-900">
        Copy the signing secret now: it is shown only once. Your receiver checks each request&apos;s <code>webhook-signature</code> with it (Standard Webhooks).
      </p>
    </SecretReveal>
  );
}

type Choice = { id: string; name: string };

export function ChannelForm({ initial, monitors, components }: { initial: ChannelFormValues; monitors: Choice[]; components: Choice[] }) {
  const editing = Boolean(initial.channelId);
  const form = useFormAction(editing ? updateChannelAction : createChannelAction);
  const [kind, setKind] = useState<ChannelKind>(initial.kind);
  const [allMonitors, setAllMonitors] = useState(initial.allMonitors);
  const submitted = form.state !== null;
  // After a refusal, what was typed; otherwise (first load, or saved) the values as they are.
  const refused = form.state?.ok === false;
  const text = (field: string, fallback = '') => form.typed(field) ?? (refused ? '' : fallback);
  const created = form.state?.ok && !editing ? form.state.data : null;
  const s = initial.settings;
  const paging = KIND_FORMS[kind].paging === true;
  const supported: readonly string[] = eventsOfKind(kind);

  if (created) {
    return (
      <div className="space-y-3">
        <FormSuccess message={`Channel “${created.name}” is ready.`} />
        {created.signingSecret ? <SigningSecretReveal secret={created.signingSecret} /> : null}
        <p className="text-sm">
          <Link className="text-brand-700 hover:underline" href={`/settings/notifications/${created.channelId}`}>
            Open it to send a test
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form action={form.action} className="max-w-2xl space-y-5" noValidate key={submitted ? 'after' : 'before'}>
      {editing ? <input type="hidden" name="channelId" value={initial.channelId} /> : null}
      {editing ? <input type="hidden" name="kind" value={initial.kind} /> : null}
      <FormError message={form.formError} />
      {form.state?.ok && editing ? <FormSuccess message="Channel saved." /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Channel name" name="name" maxLength={100} defaultValue={text('name', initial.name)} error={form.fieldError('name')} placeholder="On-call e-mail" />
        {editing ? (
          <div className="space-y-1 text-sm">
            <span className="block font-medium text-slate-700">Kind</span>
            <span className="block py-2">{KIND_LABELS[initial.kind]}</span>
          </div>
        ) : (
          <SelectField
            label="Kind"
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as ChannelKind)}
            error={form.fieldError('kind')}
            options={CHANNEL_KIND_CHOICES.map((value) => ({ value, label: KIND_LABELS[value] }))}
          />
        )}
      </div>

      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">{KIND_LABELS[kind]}</legend>
        {KIND_FORMS[kind].help ? <p className="text-xs text-slate-600">{KIND_FORMS[kind].help}</p> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          {KIND_FORMS[kind].fields.map((field) => (
            <KindFieldInput key={`${kind}-${field.name}`} field={field} settings={s} editing={editing} value={text(field.name, field.secret ? '' : (field.initial?.(s) ?? ''))} error={form.fieldError(field.name)} />
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">Which monitors</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="allMonitors" checked={allMonitors} onChange={(event) => setAllMonitors(event.target.checked)} className="h-4 w-4" />
          All monitors, including ones added later
        </label>
        {allMonitors ? null : (
          <>
            <Checklist items={monitors} chosen={initial.monitorIds} label="Chosen monitors" />
            {components.length ? (
              <>
                <p className="pt-2 text-sm font-medium text-slate-700">And the monitors behind these status page components</p>
                <Checklist items={components} chosen={initial.componentIds} label="Status page components" name="component" />
              </>
            ) : null}
          </>
        )}
        <p className="text-xs text-slate-600">Agent messages go to every channel that chose them, whatever its monitors.</p>
      </fieldset>

      <fieldset className="space-y-2 rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">Which events</legend>
        <div className="space-y-2 sm:columns-2 sm:gap-x-4 [&>*]:break-inside-avoid">
          {ROUTABLE_EVENTS.filter((event) => supported.includes(event.kind)).map((event) => (
            <CheckboxField
              key={event.kind}
              label={event.label}
              name={`event:${event.kind}`}
              defaultChecked={refused ? form.typed(`event:${event.kind}`) === 'on' : initial.events.includes(event.kind)}
            />
          ))}
        </div>
        <p className="text-xs text-slate-600">{paging ? `${KIND_LABELS[kind]} keeps one alert per incident: it re-notifies by its own rules, so there are no reminders.` : 'Tests always come. A channel that only escalation policies use can leave every event unticked.'}</p>
      </fieldset>

      {paging ? null : (
        <div className="max-w-xs">
          <Field
            label="Remind every (minutes)"
            name="reminderMinutes"
            inputMode="numeric"
            defaultValue={text('reminderMinutes', initial.reminderMinutes ? String(initial.reminderMinutes) : '')}
            error={form.fieldError('reminderMinutes')}
            hint="Optional: while an incident stays open. Empty: no reminders."
          />
        </div>
      )}

      <SubmitButton pendingText="Saving…">{editing ? 'Save channel' : 'Add channel'}</SubmitButton>
    </form>
  );
}

/** One field of a kind, as KIND_FORMS describes it; a saved secret is never shown, its hint says it is kept. */
function KindFieldInput({ field, settings, editing, value, error }: { field: KindField; settings: ChannelSettings; editing: boolean; value: string; error?: string }) {
  const hint = editing && field.secret && field.savedHint ? field.savedHint(settings) : field.hint;
  const wide = field.input === 'textarea' || field.input === 'url' ? 'sm:col-span-2' : '';
  if (field.input === 'select') {
    return (
      <div className={wide}>
        <SelectField label={field.label} name={field.name} defaultValue={value} error={error} hint={hint} options={field.options ?? []} />
      </div>
    );
  }
  if (field.input === 'textarea') {
    return (
      <div className={wide}>
        <TextAreaField label={field.label} name={field.name} rows={2} placeholder={field.placeholder} defaultValue={value} error={error} hint={hint} />
      </div>
    );
  }
  return (
    <div className={wide}>
      <Field
        label={field.label}
        name={field.name}
        type={field.input === 'password' ? 'password' : field.input === 'url' ? 'url' : 'text'}
        autoComplete={field.secret ? 'off' : undefined}
        placeholder={field.placeholder}
        defaultValue={value}
        error={error}
        hint={hint}
      />
    </div>
  );
}

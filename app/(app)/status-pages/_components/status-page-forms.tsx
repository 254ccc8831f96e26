'use client';

import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { CheckboxField, Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import {
  createStatusPageAction,
  deleteStatusPageAction,
  removePagePasswordAction,
  setPagePasswordAction,
  updateStatusPageAction,
} from '../actions';

export interface StatusPageFields {
  pageId?: string;
  title: string;
  slug: string;
  description: string;
  logoUrl: string;
  timeZone: string;
  customHost: string;
  allowFraming: boolean;
  sloDays: number | null;
}

/** The page's own settings: create a page, or edit one. */
export function StatusPageForm({ initial }: { initial: StatusPageFields }) {
  const form = useFormAction(initial.pageId ? updateStatusPageAction : createStatusPageAction);
  const value = (field: keyof StatusPageFields) => form.typed(field) ?? String(initial[field] ?? '');
  return (
    <form action={form.action} className="space-y-4" noValidate>
      {initial.pageId ? <input type="hidden" name="pageId" value={initial.pageId} /> : null}
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message="Page saved." /> : null}
      <Field label="Title" name="title" defaultValue={value('title')} error={form.fieldError('title')} maxLength={120} required />
      <Field
        label="Address"
        name="slug"
        defaultValue={value('slug')}
        error={form.fieldError('slug')}
        hint="The page is public at /s/ followed by this: lower-case letters, digits and dashes."
        maxLength={60}
        required
      />
      <TextAreaField idPrefix="page" label="Description" name="description" defaultValue={value('description')} error={form.fieldError('description')} rows={2} maxLength={2000} />
      <Field label="Logo URL" name="logoUrl" type="url" defaultValue={value('logoUrl')} error={form.fieldError('logoUrl')} hint="An https:// address of an image; leave empty for none." />
      <Field
        label="Time zone"
        name="timeZone"
        defaultValue={value('timeZone')}
        error={form.fieldError('timeZone')}
        hint="The days of the 90-day bars are counted in it, e.g. Europe/Berlin."
        required
      />
      <Field
        label="Custom host name"
        name="customHost"
        defaultValue={value('customHost')}
        error={form.fieldError('customHost')}
        hint="Optional, e.g. status.example.com: point it at this server and the page answers at its root (needs WATCHPOST_PUBLIC_URL)."
        maxLength={253}
      />
      <CheckboxField label="Let other sites embed this page in a frame" name="allowFraming" defaultChecked={initial.allowFraming} />
      <SelectField
        label="Show SLOs"
        name="sloDays"
        options={[
          { value: '', label: 'No' },
          { value: '30', label: 'Yes: uptime against each component’s SLO over 30 days' },
          { value: '90', label: 'Yes: uptime against each component’s SLO over 90 days' },
        ]}
        defaultValue={form.typed('sloDays') ?? (initial.sloDays ? String(initial.sloDays) : '')}
        error={form.fieldError('sloDays')}
        hint="For components with an SLO (SLOs and reports): the target and whether it is met. The SLO’s name and budget stay private."
      />
      <SubmitButton pendingText="Saving…">{initial.pageId ? 'Save page' : 'Create status page'}</SubmitButton>
    </form>
  );
}

/** Protect the page with a password, change it, or make the page public again. */
export function PagePasswordForm({ pageId, protectedNow }: { pageId: string; protectedNow: boolean }) {
  const set = useFormAction(setPagePasswordAction);
  const remove = useFormAction(removePagePasswordAction);
  return (
    <div className="space-y-4">
      <form action={set.action} className="space-y-3" noValidate>
        <input type="hidden" name="pageId" value={pageId} />
        <FormError message={set.formError} />
        {set.state?.ok ? <FormSuccess message="The page now asks for this password; earlier visitors must enter it again." /> : null}
        <Field label="Page password" name="password" type="password" autoComplete="new-password" error={set.fieldError('password')} hint="At least 8 characters. Visitors enter it once; it is never put in a link." />
        <SubmitButton variant="secondary" pendingText="Saving…">
          {protectedNow ? 'Change password' : 'Protect with password'}
        </SubmitButton>
      </form>
      {protectedNow ? (
        <form action={remove.action}>
          <input type="hidden" name="pageId" value={pageId} />
          <FormError message={remove.formError} />
          <SubmitButton variant="secondary" pendingText="Removing…">
            Make the page public
          </SubmitButton>
        </form>
      ) : null}
    </div>
  );
}

export function DeleteStatusPageForm({ pageId }: { pageId: string }) {
  return (
    <ConfirmDeleteForm action={deleteStatusPageAction} field="pageId" id={pageId} button="Delete status page">
      I understand this takes the page offline for everyone and deletes its components.
    </ConfirmDeleteForm>
  );
}

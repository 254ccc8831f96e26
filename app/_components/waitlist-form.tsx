'use client';

import { Field, TextAreaField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { joinWaitlistAction } from '../actions';

/** The beta waitlist. A plain form post: it works before (or without) JavaScript. */
export function WaitlistForm({ referrer, utmSource }: { referrer?: string; utmSource?: string }) {
  const form = useFormAction(joinWaitlistAction);
  if (form.state?.ok) {
    return (
      <div data-testid="waitlist-joined">
        <FormSuccess message={form.state.data.message} />
      </div>
    );
  }
  return (
    <form action={form.action} className="space-y-4" noValidate aria-label="Join the beta waitlist">
      <FormError message={form.formError} />
      {referrer ? <input type="hidden" name="referrer" value={referrer} /> : null}
      {utmSource ? <input type="hidden" name="utmSource" value={utmSource} /> : null}
      <Field label="E-mail" name="email" type="email" autoComplete="email" required defaultValue={form.typed('email')} error={form.fieldError('email')} />
      <TextAreaField
        label="What do you monitor today? (optional)"
        name="note"
        rows={3}
        maxLength={500}
        defaultValue={form.typed('note')}
        error={form.fieldError('note')}
        hint="Up to 500 characters: the tools you use, how many checks, what hurts."
      />
      {/* A trap for bots: people never see or reach it, so anything in it is a bot's. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="waitlist-website">Leave this field empty</label>
        <input id="waitlist-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <SubmitButton pendingText="Joining…">Join the waitlist</SubmitButton>
    </form>
  );
}

'use client';

import { useEffect, useState } from 'react';
import { Checklist } from '@/components/ui/checklist';
import { ConfirmDeleteForm } from '@/components/ui/confirm-delete-form';
import { Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { optionsOf, POST_IMPACT_LABELS, POST_STATE_LABELS } from '@/lib/status-pages/labels';
import { addPostUpdateAction, createPostAction, deletePostAction, updatePostAction } from '../actions';

const IMPACTS = optionsOf(POST_IMPACT_LABELS);
const STATES = optionsOf(POST_STATE_LABELS);

function ComponentChoices({ components, chosen, error }: { components: { id: string; name: string }[]; chosen: string[]; error?: string }) {
  return (
    <fieldset className="space-y-2 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold">Affected components</legend>
      <Checklist name="component" items={components} chosen={chosen} label="Affected components" empty="This page has no components yet." />
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
    </fieldset>
  );
}

const MARKDOWN_HINT = 'Markdown: **bold**, _italic_, [links](https://…), lists. HTML is not shown.';

export interface NewPostDraft {
  title: string;
  impact: string;
  componentIds: string[];
  body: string;
  incidentId?: string;
}

/** Publish a new post with its first update. */
export function NewPostForm({ pageId, components, draft }: { pageId: string; components: { id: string; name: string }[]; draft: NewPostDraft }) {
  const form = useFormAction(createPostAction);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <input type="hidden" name="pageId" value={pageId} />
      {draft.incidentId ? <input type="hidden" name="incidentId" value={draft.incidentId} /> : null}
      <FormError message={form.formError} />
      <Field idPrefix="post" label="Post title" name="title" defaultValue={form.typed('title') ?? draft.title} error={form.fieldError('title')} maxLength={200} required />
      <SelectField idPrefix="post" label="Impact" name="impact" options={IMPACTS} defaultValue={form.typed('impact') ?? draft.impact} error={form.fieldError('impact')} />
      <ComponentChoices components={components} chosen={draft.componentIds} error={form.fieldError('componentIds')} />
      <SelectField idPrefix="post" label="State" name="state" options={STATES} defaultValue={form.typed('state') ?? 'investigating'} error={form.fieldError('state')} />
      <TextAreaField idPrefix="post" label="Message" name="body" rows={5} defaultValue={form.typed('body') ?? draft.body} error={form.fieldError('body')} hint={MARKDOWN_HINT} />
      <SubmitButton pendingText="Publishing…">Publish post</SubmitButton>
    </form>
  );
}

/** Post the next update: a state and a message. */
export function PostUpdateForm({ postId, state }: { postId: string; state: string }) {
  const form = useFormAction(addPostUpdateAction);
  // The form resets itself after a post; the state select then starts again from the state
  // just posted (the usual next one), remounted with it as its default.
  const [chosen, setChosen] = useState(state);
  const [posted, setPosted] = useState(0);
  useEffect(() => {
    if (form.state?.ok) setPosted((count) => count + 1);
  }, [form.state]);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <input type="hidden" name="postId" value={postId} />
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message="Update posted." /> : null}
      <SelectField key={posted} idPrefix="update" label="State" name="state" options={STATES} defaultValue={chosen} onChange={(event) => setChosen(event.target.value)} error={form.fieldError('state')} />
      <TextAreaField idPrefix="update" label="Message" name="body" rows={4} error={form.fieldError('body')} hint={MARKDOWN_HINT} />
      <SubmitButton pendingText="Posting…">Post update</SubmitButton>
    </form>
  );
}

export function EditPostForm({ postId, title, impact, components, chosen }: { postId: string; title: string; impact: string; components: { id: string; name: string }[]; chosen: string[] }) {
  const form = useFormAction(updatePostAction);
  return (
    <form action={form.action} className="space-y-4" noValidate>
      <input type="hidden" name="postId" value={postId} />
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message="Post saved." /> : null}
      <Field idPrefix="edit" label="Post title" name="title" defaultValue={form.typed('title') ?? title} error={form.fieldError('title')} maxLength={200} required />
      <SelectField idPrefix="edit" label="Impact" name="impact" options={IMPACTS} defaultValue={form.typed('impact') ?? impact} error={form.fieldError('impact')} />
      <ComponentChoices components={components} chosen={chosen} error={form.fieldError('componentIds')} />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save post
      </SubmitButton>
    </form>
  );
}

export function DeletePostForm({ postId }: { postId: string }) {
  return (
    <ConfirmDeleteForm action={deletePostAction} field="postId" id={postId} button="Delete post">
      I understand this removes the post and its updates from the public page.
    </ConfirmDeleteForm>
  );
}

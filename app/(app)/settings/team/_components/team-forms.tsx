'use client';

import { CopyButton } from '@/components/ui/copy-button';
import { Field, SelectField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import {
  changeRoleAction,
  createTeamAction,
  deleteTeamAction,
  inviteMemberAction,
  leaveTeamAction,
  removeMemberAction,
  renameTeamAction,
  revokeInvitationAction,
  setTwoFactorPolicyAction,
  transferOwnershipAction,
} from '../actions';

export const ROLE_OPTIONS = [
  { value: 'viewer', label: 'Viewer: sees everything' },
  { value: 'responder', label: 'Responder: acknowledges, resolves, posts updates' },
  { value: 'editor', label: 'Editor: changes monitors, agents, channels, pages' },
  { value: 'admin', label: 'Admin: also manages members' },
] as const;

/** A control the person's role may not use: disabled, with the reason as its description. */
function Reason({ id, reason }: { id: string; reason?: string | null }) {
  return reason ? (
    <p id={id} className="text-xs text-slate-500">
      {reason}
    </p>
  ) : null;
}

export function RenameTeamForm({ name, timeZone, refusal }: { name: string; timeZone: string; refusal: string | null }) {
  const form = useFormAction(renameTeamAction);
  return (
    <form action={form.action} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-[16rem] flex-1">
        <Field label="Team name" name="name" idPrefix="rename" defaultValue={form.typed('name') ?? name} readOnly={!!refusal} error={form.fieldError('name')} />
      </div>
      <div className="min-w-[14rem] flex-1">
        <Field
          label="Team time zone"
          name="timeZone"
          idPrefix="rename"
          defaultValue={form.typed('timeZone') ?? timeZone}
          readOnly={!!refusal}
          error={form.fieldError('timeZone')}
          hint="Calendar-month SLOs, report days and scheduled reports follow it (e.g. Europe/Berlin)."
        />
      </div>
      <SubmitButton pendingText="Saving…" variant="secondary" disabledReasonId={refusal ? 'rename-reason' : undefined}>
        Save team
      </SubmitButton>
      <div className="basis-full">
        <FormError message={form.formError} />
        <FormSuccess message={form.state?.ok ? 'Saved.' : undefined} />
        <Reason id="rename-reason" reason={refusal} />
      </div>
    </form>
  );
}

export function InviteForm({ refusal }: { refusal: string | null }) {
  const form = useFormAction(inviteMemberAction);
  const sent = form.state?.ok ? form.state.data : null;
  return (
    <form action={form.action} className="space-y-3" noValidate>
      <FormError message={form.formError} />
      <div className="grid gap-3 sm:grid-cols-[1fr_18rem]">
        <Field label="E-mail" name="email" type="email" idPrefix="invite" defaultValue={form.typed('email')} error={form.fieldError('email')} disabled={!!refusal} />
        <SelectField label="Role" name="role" idPrefix="invite" options={ROLE_OPTIONS} defaultValue={form.typed('role') ?? 'responder'} error={form.fieldError('role')} disabled={!!refusal} />
      </div>
      <SubmitButton pendingText="Inviting…" disabledReasonId={refusal ? 'invite-reason' : undefined}>
        Send invitation
      </SubmitButton>
      <Reason id="invite-reason" reason={refusal} />
      {sent ? (
        <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          <p>
            {sent.mail === 'mailed'
              ? `Invitation e-mailed to ${sent.email}. You can also send them this link:`
              : sent.mail === 'failed'
                ? `The mail to ${sent.email} could not be sent. Send them this link yourself:`
                : `No mail server is set up (WATCHPOST_SMTP_URL): send ${sent.email} this link yourself:`}
          </p>
          <div className="flex items-center gap-2">
            <code className="block flex-1 truncate rounded bg-white px-2 py-1" data-testid="invitation-link">
              {sent.url}
            </code>
            <CopyButton text={sent.url} label="Copy link" />
          </div>
          <p className="text-xs">It works once, for that address, for 7 days.</p>
        </div>
      ) : null}
    </form>
  );
}

export function MemberRoleForm({ userId, email, role, refusal }: { userId: string; email: string; role: string; refusal: string | null }) {
  const form = useFormAction(changeRoleAction);
  const reasonId = `role-reason-${userId}`;
  return (
    <form action={form.action} className="flex flex-wrap items-center gap-2" noValidate>
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={`role-${userId}`} className="sr-only">
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        disabled={!!refusal}
        aria-describedby={refusal ? reasonId : undefined}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {ROLE_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.value[0]!.toUpperCase() + option.value.slice(1)}
          </option>
        ))}
      </select>
      <SubmitButton pendingText="Saving…" variant="secondary" disabledReasonId={refusal ? reasonId : undefined}>
        Change role
      </SubmitButton>
      <Reason id={reasonId} reason={refusal} />
      <FormError message={form.formError ?? form.fieldError('role') ?? form.fieldError('userId')} />
    </form>
  );
}

export function RemoveMemberForm({ userId, email, refusal }: { userId: string; email: string; refusal: string | null }) {
  const form = useFormAction(removeMemberAction);
  const reasonId = `remove-reason-${userId}`;
  return (
    <form action={form.action} className="space-y-1" aria-label={`Remove ${email}`}>
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton pendingText="Removing…" variant="secondary" disabledReasonId={refusal ? reasonId : undefined}>
        Remove
      </SubmitButton>
      <Reason id={reasonId} reason={refusal} />
      <FormError message={form.formError} />
    </form>
  );
}

export function RevokeInvitationForm({ invitationId, email, refusal }: { invitationId: string; email: string; refusal: string | null }) {
  const form = useFormAction(revokeInvitationAction);
  return (
    <form action={form.action} aria-label={`Revoke the invitation of ${email}`}>
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton pendingText="Revoking…" variant="secondary" disabledReasonId={refusal ? 'invite-reason' : undefined}>
        Revoke
      </SubmitButton>
      <FormError message={form.formError} />
    </form>
  );
}

export function TransferForm({ members }: { members: { userId: string; email: string }[] }) {
  const form = useFormAction(transferOwnershipAction);
  return (
    <form action={form.action} className="space-y-3" noValidate>
      <FormError message={form.formError} />
      <FormSuccess message={form.state?.ok ? 'The team has a new owner; you are an admin now.' : undefined} />
      <SelectField
        label="New owner"
        name="userId"
        idPrefix="transfer"
        options={members.map((member) => ({ value: member.userId, label: member.email }))}
        error={form.fieldError('userId')}
      />
      <SubmitButton pendingText="Handing over…" variant="danger">
        Hand over the team
      </SubmitButton>
    </form>
  );
}

export function LeaveTeamForm({ refusal }: { refusal: string | null }) {
  const form = useFormAction(leaveTeamAction);
  return (
    <form action={form.action} className="space-y-2">
      <FormError message={form.formError} />
      <SubmitButton pendingText="Leaving…" variant="danger" disabledReasonId={refusal ? 'leave-reason' : undefined}>
        Leave team
      </SubmitButton>
      <Reason id="leave-reason" reason={refusal} />
    </form>
  );
}

export function DeleteTeamForm({ name }: { name: string }) {
  const form = useFormAction(deleteTeamAction);
  return (
    <form action={form.action} className="space-y-3" noValidate>
      <FormError message={form.formError} />
      <Field label={`Type “${name}” to confirm`} name="confirmName" idPrefix="delete-team" autoComplete="off" error={form.fieldError('confirmName')} />
      <SubmitButton pendingText="Deleting…" variant="danger">
        Delete team
      </SubmitButton>
    </form>
  );
}

export function CreateTeamForm() {
  const form = useFormAction(createTeamAction);
  return (
    <form action={form.action} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-[16rem] flex-1">
        <Field label="New team name" name="name" idPrefix="create-team" defaultValue={form.typed('name')} error={form.fieldError('name')} />
      </div>
      <SubmitButton pendingText="Creating…" variant="secondary">
        Create team
      </SubmitButton>
      <div className="basis-full">
        <FormError message={form.formError} />
      </div>
    </form>
  );
}

/** Require two-factor sign-in of the team's members (admins); what it does is said beside the switch. */
export function TwoFactorPolicyForm({ required, refusal, withoutTwoFactor }: { required: boolean; refusal: string | null; withoutTwoFactor: number }) {
  const form = useFormAction(setTwoFactorPolicyAction);
  return (
    <form action={form.action} className="space-y-3" noValidate>
      <input type="hidden" name="required" value={required ? 'off' : 'on'} />
      <p className="text-sm" data-testid="two-factor-policy">
        {required ? 'Required: members without two-factor sign-in see only the page to set it up, and their API tokens stop working.' : 'Not required.'}{' '}
        {withoutTwoFactor ? `${withoutTwoFactor} member${withoutTwoFactor === 1 ? ' has' : 's have'} not set it up.` : 'Every member has set it up.'}
      </p>
      <SubmitButton pendingText="Saving…" variant={required ? 'secondary' : 'primary'} disabledReasonId={refusal ? 'two-factor-reason' : undefined}>
        {required ? 'Stop requiring two-factor sign-in' : 'Require two-factor sign-in'}
      </SubmitButton>
      <FormError message={form.formError} />
      <Reason id="two-factor-reason" reason={refusal} />
    </form>
  );
}

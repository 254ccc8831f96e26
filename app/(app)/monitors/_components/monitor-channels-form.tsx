'use client';

import Link from 'next/link';
import { SelectField } from '@/components/ui/field';
import { FormError, FormSuccess } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import { useFormAction } from '@/components/ui/use-form-action';
import { setMonitorChannelsAction } from '../actions';

/** Which of the team's notification channels tell about this monitor, and the escalation policy its incidents follow. */
export function MonitorChannelsForm({
  monitorId,
  channels,
  policies,
  policyId,
}: {
  monitorId: string;
  channels: { id: string; name: string; kind: string; on: boolean; escalationOnly: boolean }[];
  policies: { id: string; name: string }[];
  policyId: string | null;
}) {
  const form = useFormAction(setMonitorChannelsAction);
  if (channels.length === 0 && policies.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No notification channels yet. <Link href="/settings/notifications" className="text-brand-700 hover:underline">Add one</Link> to hear when this monitor goes down.
      </p>
    );
  }
  return (
    <form action={form.action} className="space-y-3">
      <input type="hidden" name="monitorId" value={monitorId} />
      <FormError message={form.formError} />
      {form.state?.ok ? <FormSuccess message="Notifications saved." /> : null}
      {channels.length === 0 ? <p className="text-sm text-slate-600">No notification channels yet.</p> : null}
      <div className="grid gap-1 sm:grid-cols-2" role="group" aria-label="Notify through">
        {channels.map((channel) => (
          <label key={channel.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={`channel:${channel.id}`} defaultChecked={channel.on} className="h-4 w-4" />
            {channel.name} <span className="text-slate-500">({channel.kind}{channel.escalationOnly ? ', escalation only: no events of its own' : ''})</span>
          </label>
        ))}
      </div>
      <div className="max-w-md">
        <SelectField
          label="Escalation policy"
          name="escalationPolicyId"
          defaultValue={policyId ?? ''}
          error={form.fieldError('escalationPolicyId')}
          options={[{ value: '', label: 'None: only the channels above' }, ...policies.map((policy) => ({ value: policy.id, label: policy.name }))]}
          hint={policies.length ? 'Besides the channels above: its steps, one after another, until someone acknowledges.' : 'Make one in Settings → Escalation to page the next person when nobody acknowledges.'}
        />
      </div>
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save notifications
      </SubmitButton>
    </form>
  );
}

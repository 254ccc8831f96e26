'use client';

import { useFormAction } from '@/components/ui/use-form-action';
import { setMonitorEnabledAction } from '../actions';

export function ToggleMonitorButton({ monitorId, enabled, name }: { monitorId: string; enabled: boolean; name: string }) {
  const form = useFormAction(setMonitorEnabledAction);
  return (
    <form action={form.action} className="inline">
      <input type="hidden" name="monitorId" value={monitorId} />
      <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
      <button
        type="submit"
        disabled={form.pending}
        aria-label={`${enabled ? 'Pause' : 'Resume'} ${name}`}
        className="rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-60"
      >
        {enabled ? 'Pause' : 'Resume'}
      </button>
      {form.formError ? <span className="ml-2 text-sm text-red-600">{form.formError}</span> : null}
    </form>
  );
}

'use client';

import { useFormAction } from '@/components/ui/use-form-action';
import { acknowledgeIncidentAction, resolveIncidentAction } from '../actions';

function IncidentButton({ incidentId, label, action, reasonId }: { incidentId: string; label: string; action: typeof acknowledgeIncidentAction; reasonId?: string }) {
  const form = useFormAction(action);
  return (
    <form action={form.action} className="inline-flex items-center gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <button
        type="submit"
        disabled={form.pending || !!reasonId}
        aria-describedby={reasonId}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60"
      >
        {form.pending ? `${label}…` : label}
      </button>
      {form.formError ? (
        <span role="alert" className="text-xs text-red-600">
          {form.formError}
        </span>
      ) : null}
    </form>
  );
}

/** Acknowledge (while open) and resolve (while unresolved) an incident; disabled, saying why, for a role that may not. */
export function IncidentActions({ incidentId, status, refusal }: { incidentId: string; status: 'open' | 'acknowledged' | 'resolved'; refusal?: string | null }) {
  if (status === 'resolved') return null;
  const reasonId = refusal ? `incident-reason-${incidentId}` : undefined;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {status === 'open' ? <IncidentButton incidentId={incidentId} label="Acknowledge" action={acknowledgeIncidentAction} reasonId={reasonId} /> : null}
      <IncidentButton incidentId={incidentId} label="Resolve" action={resolveIncidentAction} reasonId={reasonId} />
      {refusal ? (
        <span id={reasonId} className="text-xs text-slate-500">
          {refusal}
        </span>
      ) : null}
    </span>
  );
}

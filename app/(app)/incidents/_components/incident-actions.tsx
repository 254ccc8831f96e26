'use client';

import { useFormAction } from '@/components/ui/use-form-action';
import { acknowledgeIncidentAction, resolveIncidentAction } from '../actions';

function IncidentButton({ incidentId, label, action }: { incidentId: string; label: string; action: typeof acknowledgeIncidentAction }) {
  const form = useFormAction(action);
  return (
    <form action={form.action} className="inline-flex items-center gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <button
        type="submit"
        disabled={form.pending}
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

/** Acknowledge (while open) and resolve (while unresolved) an incident. */
export function IncidentActions({ incidentId, status }: { incidentId: string; status: 'open' | 'acknowledged' | 'resolved' }) {
  if (status === 'resolved') return null;
  return (
    <span className="inline-flex flex-wrap gap-2">
      {status === 'open' ? <IncidentButton incidentId={incidentId} label="Acknowledge" action={acknowledgeIncidentAction} /> : null}
      <IncidentButton incidentId={incidentId} label="Resolve" action={resolveIncidentAction} />
    </span>
  );
}

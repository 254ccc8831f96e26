const styles: Record<string, string> = {
  up: 'bg-emerald-100 text-emerald-800',
  online: 'bg-emerald-100 text-emerald-800',
  down: 'bg-red-100 text-red-800',
  pending: 'bg-amber-100 text-amber-800',
  paused: 'bg-slate-200 text-slate-700',
  offline: 'bg-slate-200 text-slate-700',
  unknown: 'bg-slate-100 text-slate-600',
  stale: 'bg-violet-100 text-violet-800',
  degraded: 'bg-yellow-100 text-yellow-800',
  partial: 'bg-orange-100 text-orange-800',
  maintenance: 'bg-sky-100 text-sky-800',
  open: 'bg-red-100 text-red-800',
  acknowledged: 'bg-amber-100 text-amber-800',
  resolved: 'bg-emerald-100 text-emerald-800',
};

/** A status as a coloured pill; `label` says it in other words (the colour stays the status's). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${styles[status] ?? styles.unknown}`}>
      {label ?? status}
    </span>
  );
}

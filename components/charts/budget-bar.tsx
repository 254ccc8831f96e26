/** A bar of error budget left: green while most is left, amber under 25 %, red when spent. */
export function BudgetBar({ leftShare, label }: { leftShare: number | null; label: string }) {
  const share = leftShare === null ? 0 : Math.max(0, Math.min(1, leftShare));
  const colour = leftShare === null || leftShare <= 0 ? 'bg-red-500' : leftShare < 0.25 ? 'bg-amber-500' : 'bg-emerald-500';
  return (
    <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-2">
      <div
        className="h-2 w-16 shrink-0 overflow-hidden rounded-full bg-slate-200 sm:w-24"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-label="Error budget left"
      >
        <div className={`h-full ${colour}`} style={{ width: `${share * 100}%` }} />
      </div>
      <span className="whitespace-nowrap text-sm">{label}</span>
    </div>
  );
}

/** A "?" that explains a figure on hover and focus (the definitions of DESIGN.md). */
export function HelpTip({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <span className="group relative inline-block align-middle">
      <button type="button" aria-label={label} className="ml-1 inline-flex h-4 w-4 items-center justify-center rounded-full border border-slate-300 text-[10px] font-semibold text-slate-500 hover:bg-slate-100">
        ?
      </button>
      <span role="tooltip" className="pointer-events-none absolute left-0 top-5 z-20 hidden w-72 rounded-md border border-slate-200 bg-white p-3 text-xs font-normal text-slate-700 shadow-lg group-focus-within:block group-hover:block">
        {children}
      </span>
    </span>
  );
}

export function UptimeDefinition() {
  return (
    <>
      <strong>Uptime</strong> is successful checks ÷ all checks in the window (down, timeout and error count as failed), shown with two decimals and
      rounded down, so any failure shows below 100 %. A window without checks has no uptime. <strong>Downtime</strong> is the time the window overlaps
      the monitor&apos;s incidents. <strong>p50/p95/p99</strong> are latency percentiles of successful checks, within 2 % (exact below 25 ms).
    </>
  );
}

/** A small line of hourly values (null: no data that hour), drawn without JavaScript. */
export function Sparkline({ values, label, width = 120, height = 28 }: { values: readonly (number | null)[]; label: string; width?: number; height?: number }) {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return <span className="text-xs text-slate-400">no data</span>;
  const max = Math.max(...present);
  const min = Math.min(...present);
  const span = max - min || 1;
  const x = (index: number) => (values.length === 1 ? width / 2 : (index / (values.length - 1)) * (width - 2) + 1);
  const y = (value: number) => height - 2 - ((value - min) / span) * (height - 4);
  // One path with a gap wherever an hour has no data.
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
    drawing = true;
  });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="overflow-visible text-brand-600">
      <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
      {present.length === 1 ? <circle cx={x(values.findIndex((v) => v !== null))} cy={y(present[0]!)} r={1.5} fill="currentColor" /> : null}
    </svg>
  );
}

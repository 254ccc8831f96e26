'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface LatencyPoint {
  /** Start of the step, ms since the epoch. */
  time: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Failed checks (down, timeout, error) in the step. */
  failed: number;
  checks: number;
}

function formatter(timeZone: string, stepMs: number) {
  const options: Intl.DateTimeFormatOptions =
    stepMs >= 86_400_000 ? { month: 'short', day: 'numeric' } : stepMs >= 3_600_000 ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const format = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
  return (value: number) => format.format(new Date(value));
}

/** Shaded periods: maintenance (its checks are not counted) and degraded (up, but slow). */
const BANDS = {
  maintenance: { label: 'Maintenance', fill: '#0ea5e9', opacity: 0.12, text: '#0369a1', position: 'insideTop' },
  degraded: { label: 'Degraded', fill: '#eab308', opacity: 0.18, text: '#a16207', position: 'insideTopLeft' },
} as const;

/** p50/p95/p99 of successful checks per step, with the failed checks as red bars and maintenance shaded blue. */
export function LatencyChart({
  points,
  timeZone,
  stepMs,
  from,
  to,
  maintenance = [],
  degraded = [],
}: {
  points: LatencyPoint[];
  timeZone: string;
  stepMs: number;
  from: number;
  to: number;
  /** Maintenance in the range (its checks are not counted). */
  maintenance?: { from: number; to: number }[];
  /** Periods the monitor was degraded (up, but slow), shaded yellow. */
  degraded?: { from: number; to: number }[];
}) {
  const tick = formatter(timeZone, stepMs);
  const full = new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  return (
    <div className="h-72 w-full" data-testid="latency-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="time" type="number" scale="time" domain={[from, to]} tickFormatter={tick} tick={{ fontSize: 11, fill: '#475569' }} minTickGap={40} />
          <YAxis yAxisId="ms" tick={{ fontSize: 11, fill: '#475569' }} width={66} tickFormatter={(value: number) => (value >= 1000 ? `${value / 1000} s` : `${value} ms`)} />
          <YAxis yAxisId="failed" orientation="right" allowDecimals={false} tick={{ fontSize: 11, fill: '#b91c1c' }} width={32} />
          <Tooltip
            labelFormatter={(value) => full.format(new Date(Number(value)))}
            formatter={(value, name) => (name === 'Failed checks' ? [String(value), name] : [`${value} ms`, name])}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {[
            ...maintenance.map((span) => ({ span, ...BANDS.maintenance })),
            ...degraded.map((span) => ({ span, ...BANDS.degraded })),
          ].map(({ span, label, fill, opacity, text, position }) => (
            <ReferenceArea
              key={`${label}-${span.from}`}
              yAxisId="ms"
              x1={Math.max(span.from, from)}
              x2={Math.min(span.to, to)}
              fill={fill}
              fillOpacity={opacity}
              ifOverflow="hidden"
              label={{ value: label, position, fontSize: 11, fill: text }}
            />
          ))}
          <Bar yAxisId="failed" dataKey="failed" name="Failed checks" fill="#ef4444" maxBarSize={8} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="p50" name="p50" stroke="#059669" dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="p95" name="p95" stroke="#d97706" dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="p99" name="p99" stroke="#7c3aed" dot={false} strokeWidth={1} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface BudgetPoint {
  /** ms since the epoch */
  time: number;
  /** percent of the budget left (negative once overspent) */
  left: number | null;
  /** where an even spend would be: 100 % at the start, 0 % at the window's end */
  even: number;
}

/** The error budget across the window: what is left after each step, against an even spend. */
export function BudgetChart({ points, from, end, timeZone }: { points: BudgetPoint[]; from: number; end: number; timeZone: string }) {
  const day = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' });
  const full = new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  return (
    <div className="h-72 w-full" data-testid="budget-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="time" type="number" scale="time" domain={[from, end]} tickFormatter={(value: number) => day.format(new Date(value))} tick={{ fontSize: 11, fill: '#475569' }} minTickGap={40} />
          <YAxis tick={{ fontSize: 11, fill: '#475569' }} width={60} tickFormatter={(value: number) => `${value} %`} domain={[(min: number) => Math.min(0, Math.floor(min / 10) * 10), 100]} />
          <ReferenceLine y={0} stroke="#b91c1c" strokeDasharray="4 4" />
          <Tooltip
            labelFormatter={(value) => full.format(new Date(Number(value)))}
            formatter={(value, name) => [value === null || value === undefined ? '–' : `${Number(value).toFixed(1)} %`, name === 'left' ? 'Budget left' : 'Even spend']}
          />
          <Line type="linear" dataKey="even" stroke="#94a3b8" strokeDasharray="5 5" dot={false} isAnimationActive={false} name="even" />
          <Line type="stepAfter" dataKey="left" stroke="#0f766e" strokeWidth={2} dot={false} isAnimationActive={false} name="left" connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

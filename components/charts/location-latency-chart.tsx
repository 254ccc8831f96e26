'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One step: its start, and each location's mean latency of up checks (keyed by the location's name; absent: no up check). */
export type LocationLatencyPoint = { time: number } & Record<string, number | null>;

const COLORS = ['#2563eb', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626'];

/** A line per location: how fast the monitor answers from each of them. */
export function LocationLatencyChart({ points, locations, timeZone, from, to }: { points: LocationLatencyPoint[]; locations: string[]; timeZone: string; from: number; to: number }) {
  const tick = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (
    <div className="h-64 w-full" data-testid="location-latency-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="time" type="number" scale="time" domain={[from, to]} tickFormatter={(value: number) => tick.format(new Date(value))} tick={{ fontSize: 11, fill: '#475569' }} minTickGap={40} />
          <YAxis tick={{ fontSize: 11, fill: '#475569' }} width={66} tickFormatter={(value: number) => (value >= 1000 ? `${value / 1000} s` : `${value} ms`)} />
          <Tooltip labelFormatter={(value) => tick.format(new Date(Number(value)))} formatter={(value, name) => [`${value} ms`, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {locations.map((name, index) => (
            <Line key={name} dataKey={name} name={name} stroke={COLORS[index % COLORS.length]} dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

import { formatDateTime, formatLatency } from '@/lib/format';

export interface HeartbeatTableRow {
  time: Date;
  status: string;
  latencyMs: number | null;
  errorMessage: string | null;
  /** The agent (location) that checked. */
  location?: string | null;
}

/** Checks as a table, with the location of each when they come from several; rows outside `highlight` (if given) are dimmed. */
export function HeartbeatTable({ heartbeats, timeZone, highlight }: { heartbeats: readonly HeartbeatTableRow[]; timeZone: string; highlight?: { from: Date; to: Date } }) {
  const locations = new Set(heartbeats.map((heartbeat) => heartbeat.location ?? null)).size > 1;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-slate-600">
          <tr>
            <th className="py-1 pr-4 font-medium">Time</th>
            <th className="py-1 pr-4 font-medium">Status</th>
            {locations ? <th className="py-1 pr-4 font-medium">Location</th> : null}
            <th className="py-1 pr-4 text-right font-medium">Latency</th>
            <th className="py-1 font-medium">Error</th>
          </tr>
        </thead>
        <tbody>
          {heartbeats.map((heartbeat) => {
            const dimmed = highlight && (heartbeat.time < highlight.from || heartbeat.time >= highlight.to);
            return (
              <tr key={`${heartbeat.time.getTime()} ${heartbeat.location ?? ''}`} className={`border-t border-slate-100 ${dimmed ? 'text-slate-500' : ''}`}>
                <td className="whitespace-nowrap py-1 pr-4 tabular-nums">{formatDateTime(heartbeat.time, timeZone)}</td>
                <td className={`py-1 pr-4 ${heartbeat.status === 'up' ? 'text-emerald-700' : 'font-medium text-red-700'}`}>{heartbeat.status}</td>
                {locations ? <td className="py-1 pr-4">{heartbeat.location ?? '–'}</td> : null}
                <td className="py-1 pr-4 text-right tabular-nums">{formatLatency(heartbeat.latencyMs)}</td>
                <td className="max-w-md break-words py-1">{heartbeat.errorMessage ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

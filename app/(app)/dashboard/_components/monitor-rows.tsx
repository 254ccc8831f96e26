'use client';

import Link from 'next/link';
import { Sparkline } from '@/components/charts/sparkline';
import { DaysLeft } from '@/components/ui/days-left';
import { StatusBadge } from '@/components/ui/status-badge';
import { type TimeAgoLabel, TimeAgoText } from '@/components/ui/time-ago';

/**
 * One row of the dashboard's monitor list, every text already formatted on the server. The
 * rows are a client component for what they cost the server, not for interactivity: a page
 * of 50 is sent as this data (about 0.4 KB a row) instead of as a tree of server-rendered
 * elements (2.3 KB a row, serialized and parsed again to render the HTML).
 */
export interface MonitorRowView {
  id: string;
  name: string;
  /** "HTTP · https://example.com" */
  kindAndTarget: string;
  target: string;
  status: string;
  /** Beside the status: which locations fail, or why it is stale. */
  note: string | null;
  /** Days left of its certificate, when under 30. */
  certificateDays: number | null;
  uptime24h: string;
  uptime30d: string;
  latency: string;
  /** Hourly mean latencies of the last 24 hours. */
  sparkline: (number | null)[];
  lastCheck: TimeAgoLabel | null;
  agentId: string;
  agentName: string;
}

export function MonitorRows({ rows }: { rows: MonitorRowView[] }) {
  return (
    <tbody>
      {rows.map((monitor) => (
        <tr key={monitor.id} className="border-t border-slate-100" data-testid="monitor-row">
          <td className="max-w-36 px-2 py-2 sm:max-w-64 sm:px-4">
            <Link href={`/monitors/${monitor.id}`} className="font-medium text-slate-900 hover:underline">
              {monitor.name}
            </Link>
            <span className="block truncate font-mono text-xs text-slate-500" title={monitor.target}>
              {monitor.kindAndTarget}
            </span>
            {monitor.certificateDays !== null ? (
              <Link href="/certificates" className="mt-0.5 inline-block" aria-label={`Certificate of ${monitor.name}: ${monitor.certificateDays} days left`}>
                <DaysLeft days={monitor.certificateDays} prefix="certificate: " />
              </Link>
            ) : null}
          </td>
          <td className="px-2 py-2 sm:px-4">
            <StatusBadge status={monitor.status} />
            {monitor.note ? (
              <span className="mt-0.5 block text-xs text-slate-600" data-testid="location-note">
                {monitor.note}
              </span>
            ) : null}
          </td>
          <td className="px-2 py-2 sm:px-4 text-right tabular-nums">{monitor.uptime24h}</td>
          <td className="hidden px-2 py-2 sm:px-4 text-right tabular-nums sm:table-cell">{monitor.uptime30d}</td>
          <td className="hidden px-2 py-2 sm:px-4 md:table-cell">
            <span className="flex items-center gap-2">
              <Sparkline values={monitor.sparkline} label={`Hourly mean latency of ${monitor.name}, last 24 hours`} width={96} />
              <span className="tabular-nums text-slate-700">{monitor.latency}</span>
            </span>
          </td>
          <td className="hidden whitespace-nowrap px-2 py-2 sm:px-4 text-slate-700 lg:table-cell">
            <TimeAgoText label={monitor.lastCheck} never="no checks yet" />
          </td>
          <td className="hidden px-2 py-2 sm:px-4 lg:table-cell">
            <Link href={`/agents/${monitor.agentId}`} className="text-slate-700 hover:underline">
              {monitor.agentName}
            </Link>
          </td>
        </tr>
      ))}
    </tbody>
  );
}

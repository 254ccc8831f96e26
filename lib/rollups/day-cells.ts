import { formatCount, formatDay, formatDuration, formatUptime, plural } from '@/lib/format';

// One day of a 90-day bar, and what it looks like and says: for the dashboards' bars and
// the status pages' alike.

/** One day of a bar: its uptime (null without checks), counts, incidents and downtime. */
export interface DayCell {
  /** YYYY-MM-DD in the viewer's (or status page's) time zone */
  day: string;
  uptime: number | null;
  checks: number;
  failed: number;
  downtimeSeconds: number;
  incidents: number;
  /** Time under maintenance that day (status pages); its checks are not counted. */
  maintenanceSeconds?: number;
}

export type DayLevel = 'none' | 'maintenance' | 'good' | 'fair' | 'poor' | 'bad';

/** The colour band of a day: no data, maintenance (and nothing failed), ≥ 99.9 %, ≥ 99 %, ≥ 95 %, below. */
export function dayLevel(cell: DayCell): DayLevel {
  if (cell.maintenanceSeconds && cell.failed === 0 && cell.downtimeSeconds === 0) return 'maintenance';
  if (cell.uptime === null) return 'none';
  if (cell.uptime >= 99.9) return 'good';
  if (cell.uptime >= 99) return 'fair';
  if (cell.uptime >= 95) return 'poor';
  return 'bad';
}

export function describeDay(cell: DayCell): string {
  const maintenance = cell.maintenanceSeconds ? ` · ${formatDuration(cell.maintenanceSeconds)} maintenance` : '';
  if (cell.uptime === null) return `${formatDay(cell.day)}: no data${cell.incidents ? ` · ${plural(cell.incidents, 'incident')}` : ''}${maintenance}`;
  return `${formatDay(cell.day)}: ${formatUptime(cell.uptime)} · ${plural(cell.checks, 'check')}, ${formatCount(cell.failed)} failed · ${plural(cell.incidents, 'incident')}, ${formatDuration(cell.downtimeSeconds)} down${maintenance}`;
}

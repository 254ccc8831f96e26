import { formatDay, formatDuration, formatUptime, plural } from '@/lib/format';
import type { DayCell } from '@/lib/rollups/windows';

export type DayBarCell = DayCell;

function colour(cell: DayBarCell): string {
  if (cell.uptime === null) return 'bg-slate-200';
  if (cell.uptime >= 99.9) return 'bg-emerald-500';
  if (cell.uptime >= 99) return 'bg-lime-500';
  if (cell.uptime >= 95) return 'bg-amber-500';
  return 'bg-red-500';
}

function describe(cell: DayBarCell): string {
  if (cell.uptime === null) return `${formatDay(cell.day)}: no data${cell.incidents ? ` · ${plural(cell.incidents, 'incident')}` : ''}`;
  return `${formatDay(cell.day)}: ${formatUptime(cell.uptime)} · ${plural(cell.checks, 'check')}, ${cell.failed.toLocaleString('en-US')} failed · ${plural(cell.incidents, 'incident')}, ${formatDuration(cell.downtimeSeconds)} down`;
}

/** One cell per day, oldest on the left, coloured by uptime; hover or focus a cell for its numbers. */
export function DayBars({ cells, label }: { cells: DayBarCell[]; label: string }) {
  return (
    <div>
      <ol aria-label={label} className="flex h-10 items-stretch gap-px">
        {cells.map((cell) => (
          <li
            key={cell.day}
            title={describe(cell)}
            aria-label={describe(cell)}
            tabIndex={0}
            data-uptime={cell.uptime ?? 'none'}
            className={`min-w-0 flex-1 rounded-[1px] ${colour(cell)} hover:opacity-75 focus:outline-2 focus:outline-slate-900`}
          />
        ))}
      </ol>
      <div className="mt-1 flex justify-between text-xs text-slate-500">
        <span>{cells[0] ? formatDay(cells[0].day) : ''}</span>
        <span className="flex gap-3">
          <Legend className="bg-emerald-500" text="≥ 99.9 %" />
          <Legend className="bg-amber-500" text="< 99 %" />
          <Legend className="bg-red-500" text="< 95 %" />
          <Legend className="bg-slate-200" text="no data" />
        </span>
        <span>Today</span>
      </div>
    </div>
  );
}

function Legend({ className, text }: { className: string; text: string }) {
  return (
    <span className="hidden items-center gap-1 sm:inline-flex">
      <span className={`inline-block h-2 w-2 rounded-sm ${className}`} />
      {text}
    </span>
  );
}

import { formatDay } from '@/lib/format';
import { type DayCell, type DayLevel, dayLevel, describeDay } from '@/lib/rollups/day-cells';

export type DayBarCell = DayCell;

const COLOURS: Record<DayLevel, string> = { none: 'bg-slate-200', maintenance: 'bg-sky-500', good: 'bg-emerald-500', fair: 'bg-lime-500', poor: 'bg-amber-500', bad: 'bg-red-500' };
const colour = (cell: DayBarCell) => COLOURS[dayLevel(cell)];
const describe = describeDay;

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

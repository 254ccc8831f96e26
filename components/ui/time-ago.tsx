import { formatDateTime } from '@/lib/format';
import { timeAgo } from '@/lib/time';

/** "2 minutes ago", with the exact time (in the viewer's time zone) on hover. */
export function TimeAgo({ date, never = 'never', timeZone = 'UTC', now }: { date: Date | null; never?: string; timeZone?: string; now?: Date }) {
  if (!date) return <span className="text-slate-500">{never}</span>;
  return (
    <time dateTime={date.toISOString()} title={`${formatDateTime(date, timeZone)} (${timeZone})`}>
      {timeAgo(date, now)}
    </time>
  );
}

import { timeAgo } from '@/lib/time';

/** "2 minutes ago", with the exact time on hover. */
export function TimeAgo({ date, never = 'never' }: { date: Date | null; never?: string }) {
  if (!date) return <span className="text-slate-500">{never}</span>;
  return (
    <time dateTime={date.toISOString()} title={date.toUTCString()}>
      {timeAgo(date)}
    </time>
  );
}

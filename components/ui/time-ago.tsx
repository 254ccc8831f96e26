import { formatDateTime } from '@/lib/format';
import { timeAgo } from '@/lib/time';

/** What TimeAgo shows of a time: "2 minutes ago", and the exact time (in `timeZone`) on hover. */
export interface TimeAgoLabel {
  iso: string;
  text: string;
  title: string;
}

export function timeAgoLabel(date: Date, timeZone = 'UTC', now?: Date): TimeAgoLabel {
  return { iso: date.toISOString(), text: timeAgo(date, now), title: `${formatDateTime(date, timeZone)} (${timeZone})` };
}

/** A label made by timeAgoLabel (on the server, so a client component shows the very same text), or `never`. */
export function TimeAgoText({ label, never = 'never' }: { label: TimeAgoLabel | null; never?: string }) {
  if (!label) return <span className="text-slate-500">{never}</span>;
  return (
    <time dateTime={label.iso} title={label.title}>
      {label.text}
    </time>
  );
}

/** "2 minutes ago", with the exact time (in the viewer's time zone) on hover. */
export function TimeAgo({ date, never = 'never', timeZone = 'UTC', now }: { date: Date | null; never?: string; timeZone?: string; now?: Date }) {
  return <TimeAgoText label={date ? timeAgoLabel(date, timeZone, now) : null} never={never} />;
}

/** "in 45 seconds", "in 1 minute", "in 12 minutes": when something may be tried again. */
export function inTime(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `in ${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** "just now", "2 minutes ago", "3 hours ago", "5 days ago". */
export function timeAgo(date: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
  ];
  let value = Math.round(seconds / 60);
  let unit = 'minute';
  for (const [size, name] of units) {
    if (seconds >= size) {
      value = Math.round(seconds / size);
      unit = name;
    }
  }
  return `${value} ${unit}${value === 1 ? '' : 's'} ago`;
}

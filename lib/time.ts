/** "in 45 seconds", "in 1 minute", "in 12 minutes": when something may be tried again. */
export function inTime(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `in ${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

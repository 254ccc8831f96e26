// How numbers and times read on every page (DESIGN.md, "Uptime and latency").

/** "99.93 %"; "no data" for a window without checks. The value is already rounded down. */
export function formatUptime(percent: number | null): string {
  return percent === null ? 'no data' : `${percent.toFixed(2)} %`;
}

/** "148 ms", "2,310 ms", and a tenth below 100 ms ("26.5 ms"): always ms, so latencies compare at a glance. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms < 100 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

// Building an Intl formatter costs far more than using one (a 90-day bar per component
// formats thousands of days), so each is made once.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const DAY_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** "Nov 26, 2026, 14:05:09" in the viewer's time zone. */
export function formatDateTime(date: Date, timeZone: string, { seconds = true } = {}): string {
  const key = `${timeZone}|${seconds}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    if (dateTimeFormats.size > 1000) dateTimeFormats.clear();
    dateTimeFormats.set(key, format);
  }
  return format.format(date);
}

/** "Nov 26" for a YYYY-MM-DD day. */
export function formatDay(day: string): string {
  return DAY_FORMAT.format(new Date(`${day}T00:00:00Z`));
}

/** "1,440" */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

export function plural(count: number, word: string): string {
  return `${COUNT_FORMAT.format(count)} ${word}${count === 1 ? '' : 's'}`;
}

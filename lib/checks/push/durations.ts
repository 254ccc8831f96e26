// Durations as people type them in the push monitor form ("90s", "15m", "1h30m", "1d"),
// and back. Plain functions: the form (a client component) formats, the server parses.

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in "1h30m" (units s, m, h, d; a bare number is minutes), or null. */
export function parseDurationInput(value: string): number | null {
  const text = value.trim().toLowerCase().replace(/\s+/g, '');
  if (/^\d{1,6}$/.test(text)) return Number(text) * 60;
  if (!/^(\d{1,6}[smhd])+$/.test(text)) return null;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhd])/g)) seconds += Number(amount) * UNITS[unit!]!;
  return seconds;
}

/** 5400 → "1h30m": what the form shows for a stored duration. */
export function durationInput(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  let text = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

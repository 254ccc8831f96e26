const DAY = 86_400_000;
const WEEK_ORIGIN = Date.UTC(2000, 0, 3); // a Monday

/** The Monday 00:00 UTC starting the week that holds `ms`. */
export const weekOf = (ms: number) => WEEK_ORIGIN + Math.floor((ms - WEEK_ORIGIN) / (7 * DAY)) * 7 * DAY;

/** The name of the heartbeat partition of the week holding `ms`, as pg_partman names weekly partitions: its Monday's ISO year and week. */
export function weekName(ms: number): string {
  // The ISO week year is that of the week's Thursday; week 1 holds the year's first Thursday.
  const thursday = weekOf(ms) + 3 * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
  return `heartbeats_p${year}w${String(week).padStart(2, '0')}`;
}

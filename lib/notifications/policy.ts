// How hard the outbox tries. Pure, so the schedule is tested as it is.

/** Deliveries are retried for a day, then marked failed. */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;
/** Failures in a row before a channel shows as failing (a refusal that will not pass marks it at once). */
export const FAILING_AFTER = 10;
/** At most one opened/resolved pair per monitor and channel in this window; more is folded. */
export const FLAP_WINDOW_MINUTES = 5;

const FIRST_RETRY_MS = 10_000;
const LONGEST_WAIT_MS = 3600_000;

/**
 * The wait before the next attempt after `attempts` tries: 10 s, 20 s, 40 s … doubling up
 * to an hour, each ± 20 % so receivers that fail together are not retried together. A
 * `Retry-After` longer than that is honoured (up to an hour).
 */
export function nextAttemptDelay(attempts: number, retryAfterSeconds?: number, random: () => number = Math.random): number {
  const exponential = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  return Math.max(jittered, Math.min(LONGEST_WAIT_MS, (retryAfterSeconds ?? 0) * 1000));
}

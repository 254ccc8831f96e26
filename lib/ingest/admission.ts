import { AppError } from '@/lib/errors';
import { perMinuteLimiter } from '@/lib/rate-limit/per-minute';

// Per-instance admission control for ingest, kept in memory because it runs on every
// request of the hot path: a request rate per agent (429), and a cap on batches in
// flight so a burst queues in the agents' retry logic instead of in the pool (503).

const agentWindows = perMinuteLimiter();

export function admitAgentRequest(agentId: string, perMinute: number, now = Date.now()): void {
  const { allowed, retryAfterSeconds } = agentWindows(agentId, perMinute, now);
  if (!allowed) throw new AppError('RATE_LIMITED', `This agent sent more than ${perMinute} requests in a minute.`, { retryAfterSeconds });
}

let inFlight = 0;
/** Moving average of how long admitted batches took, in ms. */
let recentMs = 0;

/** What a batch's duration counts for in the moving average (about the last 20 batches). */
const WEIGHT = 0.05;
/** Batches that would wait for a connection are refused once recent batches took longer than this. */
export const QUEUE_LATENCY_MS = 250;

/**
 * Run `work` unless the instance is saturated; otherwise 503 with Retry-After, at once.
 * Saturated means `limit` batches in flight, or `connections` or more (so this one would
 * wait for a database connection) while recent batches took longer than QUEUE_LATENCY_MS:
 * queueing more would only make every answer slower, where a quick 503 lets the agents
 * spool and come back.
 */
export async function withIngestSlot<T>(limit: number, work: () => Promise<T>, connections = limit): Promise<T> {
  if (inFlight >= limit || (inFlight >= connections && recentMs > QUEUE_LATENCY_MS)) {
    throw new AppError('UNAVAILABLE', 'The server is busy. Try again shortly.', { retryAfterSeconds: 1 });
  }
  inFlight += 1;
  const started = performance.now();
  try {
    return await work();
  } finally {
    inFlight -= 1;
    recentMs += (performance.now() - started - recentMs) * WEIGHT;
  }
}

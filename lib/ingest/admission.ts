import { AppError } from '@/lib/errors';

// Per-instance admission control for ingest, kept in memory because it runs on every
// request of the hot path: a request rate per agent (429), and a cap on batches in
// flight so a burst queues in the agents' retry logic instead of in the pool (503).

const windows = new Map<string, { startedAt: number; count: number }>();

export function admitAgentRequest(agentId: string, perMinute: number, now = Date.now()): void {
  const window = windows.get(agentId);
  if (!window || now - window.startedAt >= 60_000) {
    windows.set(agentId, { startedAt: now, count: 1 });
    if (windows.size > 100_000) windows.clear();
    return;
  }
  window.count += 1;
  if (window.count > perMinute) {
    throw new AppError('RATE_LIMITED', `This agent sent more than ${perMinute} requests in a minute.`, {
      retryAfterSeconds: (window.startedAt + 60_000 - now) / 1000,
    });
  }
}

let inFlight = 0;

/** Run `work` unless `limit` batches are already in flight on this instance. */
export async function withIngestSlot<T>(limit: number, work: () => Promise<T>): Promise<T> {
  if (inFlight >= limit) {
    throw new AppError('UNAVAILABLE', 'The server is busy. Try again shortly.', { retryAfterSeconds: 1 });
  }
  inFlight += 1;
  try {
    return await work();
  } finally {
    inFlight -= 1;
  }
}

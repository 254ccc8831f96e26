import { AppError } from '@/lib/errors';
import { perMinuteLimiter } from '@/lib/rate-limit/per-minute';

// Per-instance admission control for ingest, kept in memory because it runs on every
// request of the hot path: a request rate per agent (429), and a cap on batches in
// flight so a burst queues in the agents' retry logic instead of in the pool (503).
//
// A refused client is told when to come back (Retry-After) and is held to it: a batch it
// sends before then is refused at once, even when a slot is free, and starts its wait
// again. So a client that ignores Retry-After gets nothing until it waits as told, and
// cannot take the slots that clients waiting it out would get. Clients are told apart by
// the bearer token they send (only its holder can spend its turn).
//
// The state lives on globalThis: the front of `npm start` (lib/http/front.ts, loaded outside
// Next.js's bundle) refuses with it before Next.js sees the request or its body is read, and
// the route handler (in the bundle) admits and refuses with the same state.

const agentWindows = perMinuteLimiter();

export function admitAgentRequest(agentId: string, perMinute: number, now = Date.now()): void {
  const { allowed, retryAfterSeconds } = agentWindows(agentId, perMinute, now);
  if (!allowed) throw new AppError('RATE_LIMITED', `This agent sent more than ${perMinute} requests in a minute.`, { retryAfterSeconds });
}

/** What a batch's duration counts for in the moving average (about the last 20 batches). */
const WEIGHT = 0.05;
/** Batches that would wait for a connection are refused once recent batches took longer than this. */
export const QUEUE_LATENCY_MS = 250;
/** How long a refused client is asked to wait. */
export const RETRY_AFTER_SECONDS = 1;
/** Past this many clients held to a Retry-After, the ones whose wait is over are forgotten. */
const MAX_HELD = 10_000;

interface AdmissionState {
  inFlight: number;
  /** Moving average of how long admitted batches took, in ms. */
  recentMs: number;
  /** The limits the route handler last admitted with (the front has no settings of its own). */
  limits: { limit: number; connections: number } | null;
  /** Client → until when (ms) its batches are refused. */
  held: Map<string, number>;
}

const KEY = Symbol.for('watchpost.ingest.admission');
const holder = globalThis as typeof globalThis & { [KEY]?: AdmissionState };
const state = (holder[KEY] ??= { inFlight: 0, recentMs: 0, limits: null, held: new Map() });

/** The client of a request, as admission tells clients apart: its bearer token, if any. */
export function ingestClient(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S{1,512})$/i.exec(authorization ?? '');
  return match ? match[1]! : null;
}

/**
 * Whether a batch from `client` is refused now, and for how many seconds: the instance is
 * saturated (`limit` batches in flight, or `connections` or more while recent batches took
 * longer than QUEUE_LATENCY_MS: queueing more would only make every answer slower), or the
 * client was refused before and its Retry-After has not passed (its wait starts again).
 * Reads no body, no database.
 */
export function ingestRefusal(client: string | null, { limit, connections } = state.limits ?? { limit: Infinity, connections: Infinity }, now = Date.now()): number | null {
  const until = client === null ? undefined : state.held.get(client);
  if (until !== undefined) {
    if (until > now) {
      hold(client!, now);
      return RETRY_AFTER_SECONDS;
    }
    state.held.delete(client!);
  }
  if (state.inFlight >= limit || (state.inFlight >= connections && state.recentMs > QUEUE_LATENCY_MS)) {
    if (client !== null) hold(client, now);
    return RETRY_AFTER_SECONDS;
  }
  return null;
}

function hold(client: string, now: number): void {
  if (state.held.size >= MAX_HELD) {
    for (const [key, until] of state.held) if (until <= now) state.held.delete(key);
    // Still full (a flood of distinct tokens): forget them all rather than grow.
    if (state.held.size >= MAX_HELD) state.held.clear();
  }
  state.held.set(client, now + RETRY_AFTER_SECONDS * 1000);
}

/**
 * Run `work` unless ingestRefusal refuses `client` (503 with Retry-After, at once); the
 * limits are remembered for the front's early refusals.
 */
export async function withIngestSlot<T>(limit: number, work: () => Promise<T>, connections = limit, client: string | null = null): Promise<T> {
  state.limits = { limit, connections };
  const retryAfterSeconds = ingestRefusal(client, state.limits);
  if (retryAfterSeconds !== null) throw new AppError('UNAVAILABLE', 'The server is busy. Try again shortly.', { retryAfterSeconds });
  state.inFlight += 1;
  const started = performance.now();
  try {
    return await work();
  } finally {
    state.inFlight -= 1;
    state.recentMs += (performance.now() - started - state.recentMs) * WEIGHT;
  }
}

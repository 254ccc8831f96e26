import { clientIpFrom } from '@/lib/request';
import { perMinuteLimiter } from '@/lib/rate-limit/per-minute';

// Public status pages, badges and feeds answer anyone: per client IP and instance, at most
// this many requests a minute (a CDN or README image proxy in front caches most of them).
export const PUBLIC_REQUESTS_PER_MINUTE = 600;

// The proxy (pages) and the route handlers (badges) are separate bundles: one count for both.
const KEY = Symbol.for('watchpost.publicStatusLimiter');
const holder = globalThis as typeof globalThis & { [KEY]?: ReturnType<typeof perMinuteLimiter> };
const limiter = (holder[KEY] ??= perMinuteLimiter());

/** A 429 for a client over the limit, else null. */
export function publicRateLimit(request: Request): Response | null {
  const { allowed, retryAfterSeconds } = limiter(clientIpFrom(request.headers), PUBLIC_REQUESTS_PER_MINUTE);
  if (allowed) return null;
  return Response.json(
    { error: { code: 'RATE_LIMITED', message: 'Too many requests from your network; try again in a minute.' } },
    { status: 429, headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) } },
  );
}

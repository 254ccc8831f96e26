import { createHash } from 'node:crypto';

// Public responses that many clients fetch again and again (status pages' badges, feeds):
// an ETag from the body, 304 when the client has it, and a Cache-Control that lets a CDN
// serve it for a while and refresh it in the background. What is behind a password is
// never stored by a shared cache.

export interface CacheOptions {
  /** Seconds a browser or CDN may use it without asking again. */
  maxAge: number;
  /** Seconds a CDN may serve it stale while it fetches a fresh one. */
  staleWhileRevalidate: number;
  /** Behind a password (or a cookie): private, and not stored. */
  private?: boolean;
}

export function cacheControl({ maxAge, staleWhileRevalidate, private: isPrivate }: CacheOptions): string {
  return isPrivate ? 'private, no-store' : `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`;
}

export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** The body with its ETag and caching headers, or 304 when If-None-Match already names it. */
export function cachedResponse(request: Request, body: string, contentType: string, options: CacheOptions, extraHeaders: Record<string, string> = {}): Response {
  const etag = etagOf(body);
  const headers = { ETag: etag, 'Cache-Control': cacheControl(options), Vary: 'Cookie', ...extraHeaders };
  const match = request.headers.get('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'Content-Type': contentType } });
}

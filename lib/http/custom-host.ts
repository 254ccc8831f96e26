import type http from 'node:http';

// Status pages on their owners' own host names: the request front (front.ts) rewrites such a
// request under /s/_host/… and names the host in a header that the route handlers read.

/** The header through which the front names the custom host a request came to (it overwrites any client's). */
export const CUSTOM_HOST_HEADER = 'x-watchpost-custom-host';
/** What a custom host's requests are rewritten under: app/s/[slug] routes read the page from the header above. */
export const CUSTOM_HOST_SLUG = '_host';

/** The left-most value of a header a reverse proxy appends to (X-Forwarded-For, X-Forwarded-Host). */
export function firstForwarded(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

const OWN_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * A request to a host name that is not Watchpost's own is for the status page registered
 * under it: its root is the page, its other paths the page's feeds, badges and so on.
 * Only with WATCHPOST_PUBLIC_URL set is it known which host is Watchpost's own.
 */
export function customHostOf(req: http.IncomingMessage, publicHost: string | undefined, trustProxy: boolean): string | null {
  if (!publicHost) return null;
  const raw = (trustProxy && firstForwarded(req, 'x-forwarded-host')) || req.headers.host || '';
  const host = raw.replace(/:\d+$/, '').toLowerCase();
  return host && host !== publicHost && !OWN_HOSTS.has(host) ? host : null;
}

/** The app's own address for a custom host's path: the page at its root, its feeds, badges and frame below. */
export function rewriteForCustomHost(url: string): string {
  const [path = '/', query] = url.split(/\?(.*)/s, 2);
  const target = path === '/' || path === '' ? `/s/${CUSTOM_HOST_SLUG}` : path === '/status.css' ? '/s/status.css' : path === '/icon.svg' ? path : `/s/${CUSTOM_HOST_SLUG}${path}`;
  return query === undefined ? target : `${target}?${query}`;
}


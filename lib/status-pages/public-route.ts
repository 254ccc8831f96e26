import 'server-only';
import { type PageRecord, statusPageByHost, statusPageBySlug } from '@/db/queries/status-pages';
import { CUSTOM_HOST_HEADER, CUSTOM_HOST_SLUG } from '@/lib/http/custom-host';
import { cachedResponse } from '@/lib/http/cache';
import { mailConfigured } from '@/lib/mail/send';
import { cookieFrom } from '@/lib/request';
import { isUnlocked, unlockCookieName } from './access';
import { publicRateLimit } from './public-limits';
import { cachedPublicStatusPage, PUBLIC_CACHE_MS } from './public-view';
import { ttlCache } from './ttl-cache';
import { statusPageHtml, STYLESHEET_PATH, unlockPageHtml } from './render-html';

// The public HTML of a status page (route handlers under app/s/): its own policy (no script
// at all; the owner's logo may come from any https address), cached by CDNs for a short
// while, revalidated by ETag.

const PAGE_CACHE = { maxAge: 30, staleWhileRevalidate: 300 };

export function publicPolicy(framing: 'none' | 'any'): string {
  return `default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors ${framing === 'any' ? '*' : "'none'"}`;
}

export function htmlResponse(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': publicPolicy('none'), 'Cache-Control': 'private, no-store' },
  });
}

export const notFoundPage = () =>
  htmlResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Status page not found</title><link rel="stylesheet" href="${STYLESHEET_PATH}"></head><body><main><h1>Status page not found</h1><p class="muted">There is no status page at this address.</p></main></body></html>`,
    404,
  );

/** The page a public request is for: by its address, or (rewritten by the request front) by the custom host name it came to. */
export async function lookUpPublicPage(request: Request, slug: string): Promise<PageRecord | null> {
  if (slug === CUSTOM_HOST_SLUG) {
    const host = request.headers.get(CUSTOM_HOST_HEADER);
    return host ? statusPageByHost(host) : null;
  }
  return /^[a-z0-9-]{1,60}$/.test(slug) ? statusPageBySlug(slug) : null;
}

/** The page a public request names, or a response to send instead (429, 404). */
export async function publicPageFor(request: Request, slug: string): Promise<PageRecord | Response> {
  const limited = publicRateLimit(request);
  if (limited) return limited;
  return (await lookUpPublicPage(request, slug)) ?? notFoundPage();
}

/** Where the page's own links start: /s/<address>, or the root on its custom host name. */
export function basePathFor(request: Request, page: PageRecord): string {
  return request.headers.get(CUSTOM_HOST_HEADER) ? '' : `/s/${page.slug}`;
}

function unlocked(request: Request, page: PageRecord): boolean {
  return isUnlocked(page, cookieFrom(request.headers, unlockCookieName(page.id)));
}

/**
 * The page behind a badge or feed, or the response to send instead: 429 past the limit, and
 * the same 404 for a missing page as for a protected one that this request has not opened.
 */
export async function openPublicPage(request: Request, slug: string, notFound: () => Response): Promise<PageRecord | Response> {
  const limited = publicRateLimit(request);
  if (limited) return limited;
  const page = await lookUpPublicPage(request, slug);
  return page && unlocked(request, page) ? page : notFound();
}

// The HTML too: rendering 50 components × 90 cells is most of a request's work.
const pages = ttlCache<string>(PUBLIC_CACHE_MS);

/** GET of the page (or of its frame-able copy): the status, or the password form. */
export async function statusPageResponse(request: Request, page: PageRecord, { embed = false } = {}): Promise<Response> {
  const basePath = basePathFor(request, page);
  if (!unlocked(request, page)) return htmlResponse(unlockPageHtml(page, basePath), 401);
  const month = new URL(request.url).searchParams.get('month') ?? undefined;
  const feeds = !embed && page.passwordHash === null;
  const subscribe = feeds && mailConfigured();
  const body = await pages(`${page.id}|${page.updatedAt.getTime()}|${month ?? ''}|${feeds}|${subscribe}|${basePath}`, async () =>
    statusPageHtml(await cachedPublicStatusPage(page, month), { feeds, basePath, subscribe }),
  );
  return cachedResponse(request, body, 'text/html; charset=utf-8', { ...PAGE_CACHE, private: page.passwordHash !== null }, {
    'Content-Security-Policy': publicPolicy(embed ? 'any' : 'none'),
  });
}

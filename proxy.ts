import NextAuth from 'next-auth';
import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { loginPath, REQUEST_PATH_HEADER } from '@/lib/auth/redirect';
import { getEnv } from '@/lib/env';
import { isCrossSitePost } from '@/lib/http/same-origin';

// Only redirects: signed-out visitors of app pages go to /login?next=…. Every page and
// action checks the session (and its version in the database) itself; this also rolls
// the session cookie's idle expiry on each visit.

const { auth } = NextAuth(() => authConfig());

const APP_SECTIONS = ['/dashboard', '/settings', '/agents', '/monitors', '/incidents', '/status-pages', '/maintenance', '/certificates'];

const redirectSignedOut = auth((request) => {
  const { pathname, search } = request.nextUrl;
  const inApp = APP_SECTIONS.some((section) => pathname === section || pathname.startsWith(`${section}/`));
  if (inApp && !request.auth) return NextResponse.redirect(new URL(loginPath(`${pathname}${search}`), request.nextUrl));
  return withRequestPath(request);
});

/**
 * A request a page makes while it is open: a prefetch, a refresh, a client navigation, as
 * opposed to loading a page. The browser says `Sec-Fetch-Dest: empty` for a fetch (Next.js
 * hides its own RSC headers from the proxy).
 */
const isInPageRequest = (request: NextRequest) => request.headers.get('sec-fetch-dest') === 'empty';

// With a lazily built config (it reads the environment at request time, not at build time),
// next-auth's auth(wrapper) hands back a promise of the wrapper, not the wrapper itself.
const ready = redirectSignedOut as unknown as Promise<(request: NextRequest, event: NextFetchEvent) => Promise<Response>>;

export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  // Next.js would throw on a cross-site action and answer 500: refuse it here with a 403.
  if (isCrossSitePost(request.method, request.headers, getEnv().WATCHPOST_PUBLIC_URL)) {
    return Response.json(
      { error: { code: 'FORBIDDEN', message: 'Cross-site form posts and server actions are refused.' } },
      { status: 403 },
    );
  }
  // A server action never has its session cookie rolled on: an action that signs in or out
  // sets the cookie itself, and a rolled copy of the old one in the same response could
  // come last and win (signed out after a sign-in). Actions check the session themselves.
  // Nor does an in-page request: one still in flight when an action signs the person in anew
  // (a password change) would bring its rolled copy of the old cookie back after the new one.
  // Its page checks the session itself; full page loads roll the idle expiry on.
  if (request.headers.has('next-action') || isInPageRequest(request)) return withRequestPath(request);
  return (await ready)(request, event);
}

/** Pass the request on, naming its path for the pages (the login redirect comes back to it). */
function withRequestPath(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the APIs, the agent download (agents must not pay for session cookies),
  // /metrics, the public status pages and the ping URLs (route handlers that limit themselves,
  // and pings are posted by scripts from anywhere: no cross-site check), not static files.
  matcher: ['/((?!api/|agent/|cli/|ping/|metrics$|s/|_next/static|_next/image|icon.svg|favicon.ico).*)'],
};

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
  const path = `${pathname}${search}`;
  const inApp = APP_SECTIONS.some((section) => pathname === section || pathname.startsWith(`${section}/`));
  // A server action posts to the page's URL; redirecting its POST would break the action's
  // response. The action checks the session itself and answers with its own redirect.
  const isServerAction = request.headers.has('next-action');
  if (inApp && !request.auth && !isServerAction) return NextResponse.redirect(new URL(loginPath(path), request.nextUrl));
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, path);
  return NextResponse.next({ request: { headers } });
});

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
  return (await ready)(request, event);
}

export const config = {
  // Pages only: not the APIs, the agent download (agents must not pay for session cookies),
  // /metrics, the public status pages and the ping URLs (route handlers that limit themselves,
  // and pings are posted by scripts from anywhere: no cross-site check), not static files.
  matcher: ['/((?!api/|agent/|cli/|ping/|metrics$|s/|_next/static|_next/image|icon.svg|favicon.ico).*)'],
};

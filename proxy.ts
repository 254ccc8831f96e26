import NextAuth from 'next-auth';
import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';
import { authConfig } from '@/lib/auth/config';
import { loginPath, REQUEST_PATH_HEADER } from '@/lib/auth/redirect';
import { getEnv } from '@/lib/env';

// Only redirects: signed-out visitors of app pages go to /login?next=…. Every page and
// action checks the session (and its version in the database) itself; this also rolls
// the session cookie's idle expiry on each visit.

const { auth } = NextAuth(() => authConfig());

const APP_SECTIONS = ['/dashboard', '/settings', '/agents', '/monitors', '/incidents', '/status-pages'];

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

/** The host a same-origin form or action was served from: the proxy's forwarded host, else Host. */
function servedHost(request: NextRequest): string | null {
  return request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
}

/**
 * A form post or server action from another site (a forged request riding on the user's
 * cookie). Next.js would throw on it and answer 500; refuse it here with a 403 instead.
 * Browsers send Origin with every POST; a client that sends none is not a browser carrying
 * someone's cookies, and Next.js's own check applies to it.
 */
function crossSite(request: NextRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  const publicUrl = getEnv().WATCHPOST_PUBLIC_URL;
  return originHost !== servedHost(request) && (!publicUrl || originHost !== new URL(publicUrl).host);
}

export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  if (crossSite(request)) {
    return Response.json(
      { error: { code: 'FORBIDDEN', message: 'Cross-site form posts and server actions are refused.' } },
      { status: 403 },
    );
  }
  return (await ready)(request, event);
}

export const config = {
  // Pages only: not the APIs, the agent download (agents must not pay for session cookies),
  // /metrics and the public status pages (route handlers that limit themselves), not static files.
  matcher: ['/((?!api/|agent/|metrics$|s/|_next/static|_next/image|icon.svg|favicon.ico).*)'],
};

export const DEFAULT_AFTER_LOGIN = '/dashboard';

/** Set by the proxy on every page request: the path the user asked for, for `?next=`. */
export const REQUEST_PATH_HEADER = 'x-watchpost-path';

/**
 * Where to go after signing in: only a same-site relative path. `//evil.example`,
 * `/\evil.example`, `https://…` and anything odd go to the dashboard.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return DEFAULT_AFTER_LOGIN;
  }
  try {
    const base = 'http://watchpost.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return DEFAULT_AFTER_LOGIN;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('/login') || path.startsWith('/signup') ? DEFAULT_AFTER_LOGIN : path;
  } catch {
    return DEFAULT_AFTER_LOGIN;
  }
}

export function loginPath(next?: string | null): string {
  return next && next !== '/' ? `/login?${new URLSearchParams({ next })}` : '/login';
}

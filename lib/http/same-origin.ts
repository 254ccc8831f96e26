// Forms and server actions are accepted only from the site that served them: a post from
// another site rides on the visitor's cookies (CSRF). Browsers send Origin with every POST;
// a client that sends none is not a browser carrying someone's cookies.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host a same-origin form was served from: the reverse proxy's forwarded host, else Host. */
export function servedHost(headers: Headers): string | null {
  return headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
}

/**
 * The origin the browser used (the forwarded protocol and host, else Host), as Auth.js reads
 * it in server actions: for the commands shown to users, passkeys' origin, and Auth.js's route
 * handlers (Next.js hands those a URL on its own listening host, "localhost").
 */
export function servedOrigin(headers: Headers): string {
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return `${proto}://${servedHost(headers) ?? 'localhost'}`;
}

/** Whether a request is a form post from another site (a malformed Origin counts as one). */
export function isCrossSitePost(method: string, headers: Headers, publicUrl: string | undefined): boolean {
  if (SAFE_METHODS.has(method)) return false;
  const origin = headers.get('origin');
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  return originHost !== servedHost(headers) && (!publicUrl || originHost !== new URL(publicUrl).host);
}

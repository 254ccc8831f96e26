import type http from 'node:http';

// With a read replica (DATABASE_READ_URL), a client must still see its own writes: the page
// a form posts back to, and its next pages for as long as the replica may lag. A request
// that can write (anything but GET and HEAD) reads the primary, and its response sets a
// cookie that keeps the client's reads on the primary for WATCHPOST_READ_MAX_LAG_SECONDS
// (plus one): a replica lagging at most that much has replayed every write older than that.

export const WROTE_COOKIE = 'wp_wrote';

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hasCookie(req: http.IncomingMessage, name: string): boolean {
  return (req.headers.cookie ?? '').split(';').some((part) => part.trim().startsWith(`${name}=`));
}

const asList = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** Add a Set-Cookie to the response whenever its headers go out, beside the app's own cookies. */
function appendCookieOnWrite(res: http.ServerResponse, cookie: string): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    // Headers handed to writeHead itself win over setHeader's: add the cookie there if they carry cookies.
    const given = args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
    const key = given && Object.keys(given).find((name) => name.toLowerCase() === 'set-cookie');
    if (given && key) given[key] = [...asList(given[key]), cookie];
    else this.setHeader('set-cookie', [...asList(this.getHeader('set-cookie')), cookie]);
    return (writeHead as (...all: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof writeHead;
}

/**
 * Whether this request's reads go to the primary; `pinSeconds` is how long after a write (null
 * without a replica: nothing to do). A request that can write also marks the client.
 */
export function readsPrimary(req: http.IncomingMessage, res: http.ServerResponse, pinSeconds: number | null): boolean {
  if (pinSeconds === null) return false;
  if (READ_ONLY_METHODS.has(req.method ?? 'GET')) return hasCookie(req, WROTE_COOKIE);
  appendCookieOnWrite(res, `${WROTE_COOKIE}=1; Max-Age=${pinSeconds}; Path=/; HttpOnly; SameSite=Lax`);
  return true;
}

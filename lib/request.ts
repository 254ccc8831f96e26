/**
 * The header through which `npm start` (scripts/start.ts) hands the client's IP to the app.
 * It overwrites whatever a client sent under this name, so the value can be trusted.
 */
export const CLIENT_IP_HEADER = 'x-watchpost-client-ip';

export function clientIpFrom(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}

/** The client's IP for storing (audit events, sessions, token use): null when not known. */
export function knownClientIp(headers: Headers): string | null {
  const ip = clientIpFrom(headers);
  return ip === 'unknown' ? null : ip;
}

/** One cookie's value from a request's Cookie header (route handlers read the Request, not next/headers). */
export function cookieFrom(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

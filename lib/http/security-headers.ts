import { randomBytes } from 'node:crypto';

// Every response's security headers, decided here and nowhere else (the custom server in
// scripts/start.ts applies them to each response before Next.js sees the request).
//
// Pages get a strict CSP with a fresh nonce per request: Next.js reads the nonce from the
// request's Content-Security-Policy header and puts it on every script it renders, and
// 'strict-dynamic' lets the scripts those load run too; nothing else runs. Style
// attributes (the charts draw with them) are allowed, <style> and <link> only from here
// or with the nonce. Responses that are not HTML get a policy that allows nothing.

export interface SecurityHeaderOptions {
  /** A nonce for this response's inline scripts (pages); absent for other responses. */
  nonce?: string;
  /** Served over https (WATCHPOST_PUBLIC_URL is https): adds HSTS and upgrades requests. */
  https: boolean;
  /** Which sites may frame the response: none (the default) or any (a public status page that chose to be embeddable). */
  framing?: 'none' | 'any';
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy({ nonce, https, framing = 'none' }: SecurityHeaderOptions): string {
  const frameAncestors = framing === 'any' ? '*' : "'none'";
  const directives = nonce
    ? [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
        `style-src 'self' 'nonce-${nonce}'`,
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        `frame-ancestors ${frameAncestors}`,
      ]
    : ["default-src 'none'", `frame-ancestors ${frameAncestors}`, "base-uri 'none'", "form-action 'none'"];
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Features Watchpost never uses, switched off for every page and anything it might embed; passkeys for this site only. */
const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
  'browsing-topics',
]
  .map((feature) => `${feature}=()`)
  // Passkeys (sign-in and Settings → Security): this site itself, no frame of another.
  .concat(['publickey-credentials-get=(self)', 'publickey-credentials-create=(self)'])
  .join(', ');

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.framing === 'any' ? {} : { 'X-Frame-Options': 'DENY' }),
    // Two years with subdomains is what the HSTS preload list asks for; only ever sent
    // when the operator says Watchpost is reached over https.
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** Which requests get the page policy (with a nonce): everything but the APIs, the agent file, metrics and Next's static files. */
export function isPageRequest(pathname: string): boolean {
  return !/^\/(api|agent|metrics|_next\/static|_next\/image)(\/|$)/.test(pathname) && !/\.(svg|ico|png|txt|json|js|css|map|mjs)$/.test(pathname);
}

import { createHash, randomBytes } from 'node:crypto';

// A push monitor's ping key is a capability: whoever has the URL can report runs. 192
// random bits after a `wpp_` prefix (so logs mask it like other tokens); only its SHA-256
// is looked up (a unique index: no scan, and the same work whether or not it exists), and
// an encryption of it is kept to show the URL again.

export const PUSH_KEY_PREFIX = 'wpp_';

export function generatePushKey(): string {
  return `${PUSH_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function pushKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Whether a path segment can be a ping key at all (anything else is answered 404 without a query). */
export function plausiblePushKey(key: string): boolean {
  return key.length >= 8 && key.length <= 100 && /^[A-Za-z0-9_-]+$/.test(key);
}

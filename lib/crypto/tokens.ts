import { createHmac, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/env';

/** Constant-time comparison of a presented token with the expected one. */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A token that proves the server issued `message` (HMAC-SHA256 under AUTH_SECRET,
 * base64url): for links and cookies that need nothing stored. Prefix the message with what
 * it is for, so a token for one purpose never passes for another.
 */
export function signedToken(message: string): string {
  return createHmac('sha256', getEnv().AUTH_SECRET).update(message).digest('base64url');
}

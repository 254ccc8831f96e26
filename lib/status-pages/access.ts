import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/env';

// A password-protected page is opened by a cookie, never by a password in the URL: an
// HMAC (under AUTH_SECRET) of the page id and its password version, so changing or
// removing the password ends every earlier visitor's access.

export const UNLOCK_COOKIE_PREFIX = 'wp_sp_';
export const UNLOCK_DAYS = 30;

export function unlockCookieName(pageId: string): string {
  return `${UNLOCK_COOKIE_PREFIX}${pageId.replaceAll('-', '')}`;
}

export function unlockToken(page: { id: string; passwordVersion: number }): string {
  return createHmac('sha256', getEnv().AUTH_SECRET).update(`status-page:${page.id}:${page.passwordVersion}`).digest('base64url');
}

export function isUnlocked(page: { id: string; passwordVersion: number; passwordHash: string | null }, cookie: string | undefined): boolean {
  if (page.passwordHash === null) return true;
  if (!cookie) return false;
  const expected = Buffer.from(unlockToken(page));
  const given = Buffer.from(cookie);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

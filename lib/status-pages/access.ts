import 'server-only';
import { signedToken, tokensMatch } from '@/lib/crypto/tokens';

// A password-protected page is opened by a cookie, never by a password in the URL: an
// HMAC (under AUTH_SECRET) of the page id and its password version, so changing or
// removing the password ends every earlier visitor's access.

export const UNLOCK_COOKIE_PREFIX = 'wp_sp_';
export const UNLOCK_DAYS = 30;

export function unlockCookieName(pageId: string): string {
  return `${UNLOCK_COOKIE_PREFIX}${pageId.replaceAll('-', '')}`;
}

export function unlockToken(page: { id: string; passwordVersion: number }): string {
  return signedToken(`status-page:${page.id}:${page.passwordVersion}`);
}

export function isUnlocked(page: { id: string; passwordVersion: number; passwordHash: string | null }, cookie: string | undefined): boolean {
  if (page.passwordHash === null) return true;
  return !!cookie && tokensMatch(cookie, unlockToken(page));
}

import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { findSessionUser, type SessionUser } from '@/db/queries/users';
import { auth } from './index';
import { loginPath, REQUEST_PATH_HEADER } from './redirect';
import { isUuid } from '@/lib/ids';


/**
 * The signed-in user, checked against the database on every request: a deleted user or
 * a session from before "sign out everywhere" or a password change is no session.
 */
export interface CurrentUser extends SessionUser {
  sessionId: string;
}

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const { sessionVersion, sessionId } = session ?? {};
  if (!isUuid(userId) || typeof sessionVersion !== 'number' || !isUuid(sessionId)) return null;
  const user = await findSessionUser(userId, sessionVersion, sessionId);
  return user ? { ...user, sessionId } : null;
});

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
  return user;
}

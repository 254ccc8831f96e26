import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { db } from '@/db';
import { userSessions, users } from '@/db/schema';

export interface SessionUser {
  id: string;
  email: string;
  plan: string;
  sessionVersion: number;
}

const sessionColumns = { id: users.id, email: users.email, plan: users.plan, sessionVersion: users.sessionVersion };

/** How often a session's requests move its "last seen" on: a write a minute, not one per request. */
const LAST_SEEN_EVERY_SECONDS = 60;

/**
 * The signed-in user, if the session is still good: its row has not ended nor outlived its
 * lifetime, and its version is the user's current one. `seenDue` says that the session's
 * "last seen" is over a minute old (lib/accounts/sessions.ts touchSession moves it on).
 */
export async function findSessionUser(
  userId: string,
  sessionVersion: number,
  sessionId: string,
): Promise<(SessionUser & { seenDue: boolean }) | null> {
  const [row] = await db
    .select({ ...sessionColumns, seenDue: sql<boolean>`${userSessions.lastSeenAt} < now() - make_interval(secs => ${LAST_SEEN_EVERY_SECONDS})` })
    .from(users)
    .innerJoin(userSessions, and(eq(userSessions.userId, users.id), eq(userSessions.id, sessionId), isNull(userSessions.endedAt), gt(userSessions.expiresAt, sql`now()`)))
    .where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)));
  return row ? { ...row, plan: row.plan ?? 'free' } : null;
}

/** What sign-in needs to check a password. */
export async function findUserForLogin(email: string) {
  const [row] = await db
    .select({ ...sessionColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  return row ? { ...row, plan: row.plan ?? 'free' } : null;
}

/** A person whose session version is still `sessionVersion` (a ticket issued before a password change is void). */
export async function findUserAtVersion(userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const [row] = await db.select(sessionColumns).from(users).where(and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)));
  return row ? { ...row, plan: row.plan ?? 'free' } : null;
}

export async function findUserByEmail(email: string): Promise<SessionUser | null> {
  const [row] = await db.select(sessionColumns).from(users).where(eq(users.email, email));
  return row ? { ...row, plan: row.plan ?? 'free' } : null;
}

export async function findUserById(userId: string): Promise<SessionUser | null> {
  const [row] = await db.select(sessionColumns).from(users).where(eq(users.id, userId));
  return row ? { ...row, plan: row.plan ?? 'free' } : null;
}

/** Whether the instance has any account yet (the first one may always be made). */
export async function hasAnyUser(): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return !!row;
}

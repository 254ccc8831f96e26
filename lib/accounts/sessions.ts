import 'server-only';
import { and, desc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { db } from '@/db';
import { userSessions, users } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { deviceOf } from './device';

// A person's signed-in sessions (docs/teams.md "Sessions"). The session cookie (a JWT) names
// a row here; the row says where it was signed in and was last seen, and ending it ends the
// session at its next request, wherever the cookie is.

/** The signed-in person and the session they act through. */
export interface SessionContext {
  userId: string;
  sessionId: string;
}

/** A request's facts a session remembers. */
export interface SeenFrom {
  ip: string | null;
  userAgent: string | null;
}

/** A new session for this person; forgets their sessions that have ended or expired. */
export async function startSession(userId: string, from: SeenFrom): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.delete(userSessions).where(and(eq(userSessions.userId, userId), or(sql`${userSessions.endedAt} IS NOT NULL`, sql`${userSessions.expiresAt} < now()`)));
    await tx.insert(userSessions).values({
      id,
      userId,
      ip: from.ip,
      userAgent: from.userAgent?.slice(0, 500) ?? null,
      expiresAt: sql`now() + make_interval(days => ${getEnv().AUTH_SESSION_MAX_AGE_DAYS})`,
    });
  });
  return id;
}

/** Note that a session was seen just now, from `ip`: at most once a minute (findSessionUser says when it is due). */
export async function touchSession(sessionId: string, ip: string | null): Promise<void> {
  await db
    .update(userSessions)
    .set({ lastSeenAt: sql`now()`, ...(ip ? { ip } : {}) })
    .where(eq(userSessions.id, sessionId));
}

export interface SessionSummary {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** The person's live sessions, this one first, then by last seen. */
export async function listSessions(ctx: SessionContext): Promise<SessionSummary[]> {
  const rows = await db
    .select({ id: userSessions.id, userAgent: userSessions.userAgent, ip: userSessions.ip, createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt })
    .from(userSessions)
    .where(
      and(
        eq(userSessions.userId, ctx.userId),
        isNull(userSessions.endedAt),
        gt(userSessions.expiresAt, sql`now()`),
        // A session unused for the idle time has no cookie left anywhere.
        gt(userSessions.lastSeenAt, sql`now() - make_interval(days => ${getEnv().AUTH_SESSION_IDLE_DAYS})`),
      ),
    )
    .orderBy(desc(userSessions.lastSeenAt));
  return rows
    .map((row) => ({ id: row.id, device: deviceOf(row.userAgent), ip: row.ip, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, current: row.id === ctx.sessionId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Sign out this one session for good (a request still in flight cannot bring it back). */
export async function endSession(ctx: SessionContext): Promise<void> {
  await db.update(userSessions).set({ endedAt: sql`now()` }).where(and(eq(userSessions.id, ctx.sessionId), eq(userSessions.userId, ctx.userId), isNull(userSessions.endedAt)));
}

/** Sign out one of the person's other sessions, from Settings → Sessions. */
export async function endOtherSession({ ctx, input }: { ctx: SessionContext; input: { sessionId: string } }): Promise<void> {
  if (input.sessionId === ctx.sessionId) throw new AppError('INVALID_INPUT', 'That is this session: use “Sign out” instead.');
  const ended = await db
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(userSessions.id, input.sessionId), eq(userSessions.userId, ctx.userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  if (ended.length === 0) throw new AppError('NOT_FOUND', 'That session has already ended.');
}

/** End every session of the person but this one; how many ended. */
export async function endOtherSessions(ctx: SessionContext): Promise<number> {
  const ended = await db
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(userSessions.userId, ctx.userId), ne(userSessions.id, ctx.sessionId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return ended.length;
}

/** End every session of the person, and void what was issued for the old ones (second-step markers, tickets). */
export async function endAllSessions(userId: string, tx: Pick<typeof db, 'update'> = db): Promise<{ sessionVersion: number }> {
  await tx.update(userSessions).set({ endedAt: sql`now()` }).where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)));
  const [user] = await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!user) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
  return user;
}

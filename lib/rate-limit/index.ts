import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { rateLimits } from '@/db/schema';

export interface RateLimitState {
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window restarts. */
  resetInSeconds: number;
}

function state(row: { count: number; windowEndsAt: Date } | undefined): RateLimitState {
  if (!row) return { count: 0, resetInSeconds: 0 };
  return { count: row.count, resetInSeconds: Math.max(0, Math.ceil((row.windowEndsAt.getTime() - Date.now()) / 1000)) };
}

/** Count one hit on `key` in a fixed window of `windowSeconds`; atomic across instances. */
export async function hitRateLimit(key: string, windowSeconds: number): Promise<RateLimitState> {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const expired = sql`${rateLimits.windowStartedAt} <= now() - ${window}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN now() ELSE ${rateLimits.windowStartedAt} END`,
      },
    })
    .returning({ count: rateLimits.count, windowEndsAt: sql<Date>`${rateLimits.windowStartedAt} + ${window}`.mapWith(rateLimits.windowStartedAt) });
  return state(row);
}

/** The hits on `key` in its current window, without counting one. */
export async function peekRateLimit(key: string, windowSeconds: number): Promise<RateLimitState> {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const [row] = await db
    .select({ count: rateLimits.count, windowEndsAt: sql<Date>`${rateLimits.windowStartedAt} + ${window}`.mapWith(rateLimits.windowStartedAt) })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${key} AND ${rateLimits.windowStartedAt} > now() - ${window}`);
  return state(row);
}

export async function clearRateLimit(key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

import 'server-only';
import postgres from 'postgres';

// Background work (retention now; the built-in agent later) runs in exactly one app
// instance: the one holding a session-level PostgreSQL advisory lock on a connection of
// its own. If that instance dies, its connection closes, the lock is released, and
// another instance takes over at its next try. Behind a transaction pooler the lock's
// connection goes to PostgreSQL itself (DATABASE_DIRECT_URL): a pooler would run the next
// statement on another session, and the lock would hold nothing.

export const LEADER_LOCK_KEY = 727_002;

export interface Leadership {
  /** True while this process holds the lock. */
  isLeader(): boolean;
  /** Try to take the lock if not held; returns whether it is held now. */
  tryAcquire(): Promise<boolean>;
  close(): Promise<void>;
}

export function leadership(databaseUrl: string): Leadership {
  let connection: postgres.Sql | null = null;
  let leader = false;
  return {
    isLeader: () => leader,
    async tryAcquire() {
      if (leader) return true;
      try {
        connection ??= postgres(databaseUrl, {
          max: 1,
          idle_timeout: 0,
          max_lifetime: null,
          onnotice: () => undefined,
          // Losing the connection loses the lock: stop acting as leader at once.
          onclose: () => {
            leader = false;
            connection = null;
          },
        });
        const [row] = await connection`SELECT pg_try_advisory_lock(${LEADER_LOCK_KEY}) AS locked`;
        leader = row?.locked === true;
      } catch {
        leader = false;
        await connection?.end({ timeout: 1 }).catch(() => undefined);
        connection = null;
      }
      return leader;
    },
    async close() {
      leader = false;
      await connection?.end({ timeout: 5 }).catch(() => undefined);
      connection = null;
    },
  };
}

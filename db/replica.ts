import postgres from 'postgres';

// A streaming replica of the primary (DATABASE_READ_URL), for reads that may be a moment
// behind. Every second a probe asks the primary for its WAL position and the replica how far
// it has replayed: caught up is 0 s of lag, behind is the time since the last transaction it
// replayed. The replica is used while it answers and lags at most the configured seconds; a
// read it fails with a connection error (or a conflict with recovery) is run again on the
// primary at once, and the replica is set aside until the next probe finds it well.

/** How often each instance probes the replica. */
export const PROBE_EVERY_MS = 1_000;
/** A probe older than this (the probe itself hangs) no longer vouches for the replica. */
const PROBE_STALE_MS = 5_000;

export interface ReplicaStatus {
  /** The replica answered its last probe, and is a standby of the primary's cluster. */
  reachable: boolean;
  /** Seconds of replay lag at the last probe (null: unknown). */
  lagSeconds: number | null;
  /** Reads go to it now. */
  inUse: boolean;
  /** Why it is not used, when it is not. */
  problem: string | null;
}

/** Errors after which a read is run again on the primary. */
function worthRetrying(error: unknown): { retry: boolean; down: boolean } {
  const code = String((error as { code?: unknown }).code ?? '');
  // postgres.js's own connection errors, the socket's, and PostgreSQL's classes 08 (connection), 57P (shut down, starting up), 53300 (too many connections).
  if (/^(CONNECTION_|CONNECT_TIMEOUT|E[A-Z]+$)/.test(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300') return { retry: true, down: true };
  // A query a standby cancelled because replay needed what it read ("conflict with recovery").
  if (code === '40001') return { retry: true, down: false };
  return { retry: false, down: false };
}

export interface Replica {
  client: postgres.Sql;
  /** A postgres.js client that runs `unsafe` queries on the replica when `wanted()` says so (falling back to the primary), everything else on the primary. */
  routed: postgres.Sql;
  status(): ReplicaStatus;
  /** Whether the read being made now goes to the replica: it may lag (`wanted()`) and the replica is usable. */
  serving(): boolean;
  close(): Promise<void>;
}

export function createReplica(
  url: string,
  {
    primary,
    maxLagSeconds,
    poolSize,
    prepare,
    wanted,
    onProblem,
  }: {
    primary: () => postgres.Sql;
    maxLagSeconds: number;
    poolSize: number;
    prepare: boolean;
    /** Whether the read being made may go to the replica (inside a request that has not just written). */
    wanted: () => boolean;
    onProblem: (message: string, error?: unknown) => void;
  },
): Replica {
  const client = postgres(url, {
    max: poolSize,
    connect_timeout: 2,
    idle_timeout: 60,
    max_lifetime: 60 * 30,
    fetch_types: false,
    prepare,
    onnotice: () => undefined,
  });
  let reachable = false;
  let lagSeconds: number | null = null;
  let checkedAt = 0;
  let problem: string | null = 'not probed yet';
  let sameCluster: boolean | null = null;

  // Whether a problem was told (so the recovery is told too; the first good probe is not news).
  let told = false;
  const setProblem = (message: string, error?: unknown) => {
    if (message !== problem) {
      onProblem(message, error);
      told = true;
    }
    problem = message;
  };

  const probe = async () => {
    try {
      if (sameCluster === null) {
        const [mine] = await primary()<{ id: string }[]>`SELECT system_identifier::text AS id FROM pg_control_system()`;
        const [its] = await client<{ id: string }[]>`SELECT system_identifier::text AS id FROM pg_control_system()`;
        sameCluster = mine!.id === its!.id;
      }
      if (!sameCluster) {
        reachable = false;
        setProblem('DATABASE_READ_URL is not a replica of DATABASE_URL (another PostgreSQL cluster): reads stay on the primary.');
        return;
      }
      const [{ lsn }] = (await primary()`SELECT pg_current_wal_lsn()::text AS lsn`) as unknown as [{ lsn: string }];
      const [state] = await client<{ standby: boolean; caught_up: boolean | null; behind: number | null }[]>`
        SELECT pg_is_in_recovery() AS standby,
               pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS caught_up,
               extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS behind`;
      // The primary itself as DATABASE_READ_URL (no recovery) is never behind.
      lagSeconds = !state!.standby || state!.caught_up ? 0 : state!.behind === null ? null : Math.max(0, state!.behind);
      reachable = true;
      checkedAt = Date.now();
      if (lagSeconds === null) setProblem('The replica has replayed nothing yet: reads stay on the primary.');
      else if (lagSeconds > maxLagSeconds) setProblem(`The replica is ${lagSeconds.toFixed(1)} s behind (more than WATCHPOST_READ_MAX_LAG_SECONDS=${maxLagSeconds}): reads go to the primary until it catches up.`);
      else {
        if (told) onProblem('The replica is in use again for reads.');
        told = false;
        problem = null;
      }
    } catch (error) {
      reachable = false;
      setProblem('The replica cannot be reached: reads go to the primary until it answers again.', error);
    }
  };

  let probing: Promise<void> | null = null;
  const tick = () => {
    probing ??= probe().finally(() => (probing = null));
  };
  const timer = setInterval(tick, PROBE_EVERY_MS);
  timer.unref();
  tick();

  const usable = () => reachable && problem === null && Date.now() - checkedAt < PROBE_STALE_MS;
  const serving = () => wanted() && usable();

  /** Query `query` on the replica, or on the primary if it must or the replica fails it. */
  const routedQuery = (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => {
    const run = (values: boolean): Promise<unknown> => {
      const onPrimary = () => {
        const q = primary().unsafe(query, params, options);
        return Promise.resolve(values ? q.values() : q);
      };
      if (!serving()) return onPrimary();
      const q = client.unsafe(query, params, options);
      return Promise.resolve(values ? q.values() : q).catch((error: unknown) => {
        const { retry, down } = worthRetrying(error);
        if (!retry) throw error;
        if (down) {
          reachable = false;
          setProblem('The replica failed a read: reads go to the primary until it answers again.', error);
        }
        return onPrimary();
      });
    };
    // Drizzle awaits the query itself, or its .values() (rows as arrays).
    return { then: (resolve: (rows: unknown) => unknown, reject: (error: unknown) => unknown) => run(false).then(resolve, reject), values: () => run(true) };
  };

  const routed = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return routedQuery;
      // Transactions (and anything else) on the primary.
      if (property === 'begin') return primary().begin.bind(primary());
      return Reflect.get(target, property, receiver);
    },
  });

  return {
    client,
    routed,
    status: () => ({ reachable, lagSeconds, inUse: usable(), problem }),
    serving,
    async close() {
      clearInterval(timer);
      await probing;
      await client.end({ timeout: 5 });
    },
  };
}

import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getEnv } from '@/lib/env';
import { readsMayLag } from './reads';
import { createReplica, type Replica, type ReplicaStatus } from './replica';
import * as schema from './schema';

// The one database client. Created on first use, not at import, so `next build` and
// modules that are only imported never need a database; kept on globalThis so dev-mode
// hot reloads do not open a new pool each time.

export type Database = PostgresJsDatabase<typeof schema>;
/** The handle inside `db.transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

interface Connection {
  client: postgres.Sql;
  db: Database;
  /** DATABASE_READ_URL's replica, with Drizzle over its routed client. */
  replica: (Replica & { db: Database }) | null;
}

const holder = globalThis as typeof globalThis & { __watchpostDatabase?: Connection };

function connection(): Connection {
  if (!holder.__watchpostDatabase) {
    const env = getEnv();
    const client = postgres(env.DATABASE_URL, {
      max: env.DATABASE_POOL_SIZE,
      // Fail fast when the database is down instead of holding requests for 30 s.
      connect_timeout: 5,
      idle_timeout: 60,
      max_lifetime: 60 * 30,
      // No array-type lookup on each new connection: no query here takes array
      // parameters (ingest passes JSON), and it is one round trip less after a reconnect.
      fetch_types: false,
      // Behind a transaction pooler the next statement may run on another server
      // connection, where a named prepared statement of this one does not exist: unnamed
      // statements only, parsed and run within one round of the protocol.
      prepare: env.DATABASE_POOLER !== 'transaction',
      onnotice: () => undefined,
    });
    let replica: Connection['replica'] = null;
    if (env.DATABASE_READ_URL) {
      const made = createReplica(env.DATABASE_READ_URL, {
        primary: () => client,
        maxLagSeconds: env.WATCHPOST_READ_MAX_LAG_SECONDS,
        poolSize: env.DATABASE_POOL_SIZE,
        prepare: env.DATABASE_POOLER !== 'transaction',
        wanted: readsMayLag,
        // The console reaches the app's log (npm start routes it there); db/ does not import lib/.
        onProblem: (message, error) => console.warn(message, ...(error ? [error] : [])),
      });
      replica = { ...made, db: drizzle(made.routed, { schema, casing: 'snake_case' }) };
    }
    holder.__watchpostDatabase = { client, db: drizzle(client, { schema, casing: 'snake_case' }), replica };
  }
  return holder.__watchpostDatabase;
}

// Inside atomically(…), `db` is that transaction: every statement of the functions it calls
// runs in it, and their own `db.transaction(…)` become savepoints (Drizzle nests them so).
const ambient = new AsyncLocalStorage<Transaction>();

/** Drizzle over the shared pool (or the transaction of the atomically(…) call it runs in); connects on first use. */
export const db: Database = new Proxy({} as Database, {
  get: (_target, property) => Reflect.get(ambient.getStore() ?? connection().db, property),
});

/**
 * Drizzle for reads that may come from the replica (DATABASE_READ_URL): the read queries of
 * pages, exports, reports and the API (db/queries). It reads the replica inside a request
 * that has not just written, while the replica keeps up, and the primary otherwise (no
 * replica, background work, a request after a write, inside atomically(…)). Without
 * DATABASE_READ_URL it is `db`.
 */
export const readDb: Database = new Proxy({} as Database, {
  get: (_target, property) => {
    const current = connection();
    return Reflect.get(ambient.getStore() ?? current.replica?.db ?? current.db, property);
  },
});

/** The postgres.js client for a long read (a cursor): the replica when reads may lag and it is usable, else the primary. No fallback mid-way. */
export function readSqlClient(): postgres.Sql {
  const current = connection();
  return current.replica?.serving() ? current.replica.client : current.client;
}

/** The replica's state, or null without DATABASE_READ_URL (for /metrics and /api/health). */
export function replicaStatus(): ReplicaStatus | null {
  return connection().replica?.status() ?? null;
}

/**
 * Run `work` in one transaction that every `db` statement and `db.transaction` under it
 * joins (as savepoints), so several write functions commit or roll back together (the
 * management API's apply). Called inside another, it is a savepoint of that one. When
 * `keep` says no, it rolls back even though all went well (a dry run that meets every rule
 * the writes check; an edit that changed nothing). sqlClient() statements are not joined.
 */
export async function atomically<Result>(work: () => Promise<Result>, keep: (result: Result) => boolean = () => true): Promise<Result> {
  const rollback = Symbol('rollback');
  let result!: Result;
  try {
    await (ambient.getStore() ?? connection().db).transaction(async (tx) => {
      result = await ambient.run(tx, work);
      if (!keep(result)) throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result;
}

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Run a Drizzle `sql` query inside a postgres.js transaction (the hot paths, like ingest,
 * use postgres.js directly): so one statement can serve both kinds of transaction.
 */
export function runIn(tx: postgres.Sql | postgres.TransactionSql) {
  return async <Row = Record<string, unknown>>(query: SQL): Promise<Row[]> => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
  };
}

/** The same for a Drizzle transaction. */
export function runInDrizzle(tx: Transaction) {
  return async <Row = Record<string, unknown>>(query: SQL): Promise<Row[]> => (await tx.execute(query)) as unknown as Row[];
}

export type SqlRunner = ReturnType<typeof runIn>;

/** The raw postgres.js pool, for the few statements Drizzle cannot express. */
export function sqlClient(): postgres.Sql {
  return connection().client;
}

/** Close the pool (tests, shutdown). The next use opens a new one. */
export async function closeDatabase(): Promise<void> {
  const current = holder.__watchpostDatabase;
  holder.__watchpostDatabase = undefined;
  await current?.replica?.close();
  await current?.client.end({ timeout: 5 });
}

import postgres from 'postgres';
import type { ServerEnv } from '@/lib/env';

// Is DATABASE_URL PostgreSQL itself, or a connection pooler in front of it? A pooler
// (PgBouncer, a managed database's "transaction pooler", pgcat, RDS Proxy…) must answer
// cancel requests itself, so it gives each client a cancel key of its own: the backend
// pid in the key it sends at connect is not the pid of the server process that runs the
// client's statements. PostgreSQL itself sends its own pid. So one query tells them apart.

export type DatabaseRoute = 'direct' | 'pooled';

export async function probeDatabaseRoute(url: string): Promise<DatabaseRoute> {
  const sql = postgres(url, { max: 1, prepare: false, fetch_types: false, connect_timeout: 10, onnotice: () => undefined });
  try {
    const rows = await sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    return rows.state.pid === rows[0]!.pid ? 'direct' : 'pooled';
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * What is wrong with the way the configuration reaches PostgreSQL, one line per problem:
 * a pooler the configuration does not declare (whose transaction mode would lose the
 * session the app relies on), or a "direct" URL that is a pooler too.
 */
export async function databaseRouteProblems(
  env: Pick<ServerEnv, 'DATABASE_URL' | 'DATABASE_POOLER' | 'DATABASE_DIRECT_URL'>,
  probe: (url: string) => Promise<DatabaseRoute> = probeDatabaseRoute,
): Promise<string[]> {
  const problems: string[] = [];
  if (!env.DATABASE_POOLER && (await probe(env.DATABASE_URL)) === 'pooled') {
    problems.push(
      'DATABASE_URL reaches PostgreSQL through a connection pooler (such as PgBouncer), but DATABASE_POOLER is not set. ' +
        'If the pooler shares server connections between transactions (PgBouncer pool_mode = transaction, a managed database\'s "transaction pooler"), ' +
        'set DATABASE_POOLER=transaction and DATABASE_DIRECT_URL to PostgreSQL itself; if it gives each client connection a server session of its own, set DATABASE_POOLER=session.',
    );
  }
  if (env.DATABASE_DIRECT_URL && (await probe(env.DATABASE_DIRECT_URL)) === 'pooled') {
    problems.push(
      'DATABASE_DIRECT_URL reaches PostgreSQL through a connection pooler: point it at PostgreSQL itself (migrations and the background leader\'s lock need a session of their own).',
    );
  }
  return problems;
}

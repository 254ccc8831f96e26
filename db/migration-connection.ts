import postgres from 'postgres';
import type { MigrationConnection } from './migrator';

// Not news at start: 42P07 "relation already exists, skipping" (the bookkeeping table);
// 42622 "identifier … will be truncated": five foreign keys of the merged migrations 0015
// and 0017 have drizzle-kit names over 63 bytes, which PostgreSQL stores cut to 63 (a
// migration is never edited once merged; the cut names are unique and nothing refers to them).
const QUIET_NOTICES = new Set(['42P07', '42622']);

/** One dedicated postgres.js connection for the migrator (max 1: BEGIN/COMMIT must share it). */
export async function withMigrationConnection<T>(
  url: string,
  fn: (conn: MigrationConnection) => Promise<T>,
  onNotice: (message: string) => void = () => undefined,
): Promise<T> {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 10,
    onnotice: (notice) => {
      if (!QUIET_NOTICES.has(String(notice.code))) onNotice(String(notice.message));
    },
  });
  const conn: MigrationConnection = {
    exec: async (sqlText) => {
      await sql.unsafe(sqlText);
    },
    query: async <Row extends Record<string, unknown>>(sqlText: string, params: unknown[] = []) =>
      (await sql.unsafe(sqlText, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[],
  };
  try {
    return await fn(conn);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

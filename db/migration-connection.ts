import postgres from 'postgres';
import type { MigrationConnection } from './migrator';

/** One dedicated postgres.js connection for the migrator (max 1: BEGIN/COMMIT must share it). */
export async function withMigrationConnection<T>(
  url: string,
  fn: (conn: MigrationConnection) => Promise<T>,
  onNotice: (message: string) => void = () => undefined,
): Promise<T> {
  const sql = postgres(url, { max: 1, connect_timeout: 10, // 42P07: "relation already exists, skipping" from the bookkeeping table; not news.
    onnotice: (notice) => {
      if (notice.code !== '42P07') onNotice(String(notice.message));
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

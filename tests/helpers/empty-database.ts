import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { databaseUrl } from '../setup/global-database';

/**
 * A database of the test file's own that starts empty (not a copy of the migrated
 * template), made before the file's tests and dropped after them. `sql` connects to it on
 * first use (postgres.js connects lazily).
 */
export function emptyDatabase(label: string): { url: string; sql: postgres.Sql } {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `${label}_${randomBytes(6).toString('hex')}`;
  const url = databaseUrl(adminUrl, name);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  beforeAll(async () => {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  return { url, sql };
}

import postgres from 'postgres';

/** A direct connection to this test file's database, for assertions on what was stored. */
export function testSql(url = process.env.DATABASE_URL): postgres.Sql {
  if (!url) throw new Error('DATABASE_URL is not set: tests/setup/file-database.ts did not run');
  return postgres(url, { max: 2, onnotice: () => undefined });
}

import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import { closeDatabase } from '@/db';
import { resetEnvCache } from '@/lib/env';
import { databaseUrl } from './global-database';

// Each test file: its own database, copied from the migrated template, and the app's
// configuration pointing at it. Dropped when the file is done.

const adminUrl = inject('adminDatabaseUrl');
const name = `test_${randomBytes(8).toString('hex')}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
const template = inject('templateDatabase');
await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
// CREATE DATABASE copies the template's contents but not its settings (ALTER DATABASE … SET),
// so the copy gets them here, as a migrated database has them: drizzle/0038 turns JIT off,
// without which a refresh on a PostgreSQL that ships JIT spends a second compiling.
const [settings] = await admin<{ setconfig: string[] }[]>`
  SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
  WHERE d.datname = ${template} AND s.setrole = 0`;
for (const setting of settings?.setconfig ?? []) {
  const at = setting.indexOf('=');
  await admin.unsafe(`ALTER DATABASE ${name} SET ${setting.slice(0, at)} = '${setting.slice(at + 1).replaceAll("'", "''")}'`);
}

process.env.DATABASE_URL = databaseUrl(adminUrl, name);
process.env.AUTH_SECRET = randomBytes(32).toString('base64');
process.env.WATCHPOST_ENCRYPTION_KEY = randomBytes(32).toString('base64');
// Most files sign up several users; the registration modes have tests of their own.
process.env.WATCHPOST_REGISTRATION = 'open';
resetEnvCache();

afterAll(async () => {
  await closeDatabase();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

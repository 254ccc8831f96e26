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
await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);

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

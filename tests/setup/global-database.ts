import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { embeddedUrl, startEmbeddedDatabase } from '../../db/embedded';
import { withMigrationConnection } from '../../db/migration-connection';
import { migrateUp } from '../../db/migrator';

// One PostgreSQL for the whole run: a throwaway embedded cluster on a free port, or the
// server at TEST_DATABASE_URL (a role that may CREATE DATABASE). A migrated template
// database is made once; every test file gets its own copy (tests/setup/file-database.ts),
// so files run in parallel without seeing each other's rows.

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopCluster: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'watchpost-test-'));
    // As root the cluster runs as the `postgres` user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
    const password = 'test-password';
    const cluster = await startEmbeddedDatabase({ dataDir, password, persistent: false });
    adminUrl = embeddedUrl(password, cluster.port, 'postgres');
    stopCluster = cluster.stop;
  }

  const templateDatabase = `watchpost_template_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.unsafe(`CREATE DATABASE ${templateDatabase}`);
  await withMigrationConnection(databaseUrl(adminUrl, templateDatabase), (conn) => migrateUp(conn));

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
    await admin.end();
    await stopCluster?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

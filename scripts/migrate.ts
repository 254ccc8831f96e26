// make migrate-up / migrate-down / npm run db:migrate|db:rollback|db:status
import { withMigrationConnection } from '../db/migration-connection';
import { migrateDown, migrateUp, migrationStatus } from '../db/migrator';
import { ConfigError, readLaunchSettings } from '../lib/env';
import { openDatabase } from './database';

const command = process.argv[2];

async function main(): Promise<number> {
  if (command !== 'up' && command !== 'down' && command !== 'status') {
    console.error('usage: tsx scripts/migrate.ts up|down|status');
    return 2;
  }
  const settings = readLaunchSettings();
  const database = await openDatabase(settings, { reuseRunning: true, log: (line) => console.log(line) });
  try {
    console.log(`Using ${database.describe}.`);
    await withMigrationConnection(
      database.url,
      async (conn) => {
        if (command === 'up') {
          const applied = await migrateUp(conn);
          console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the database is up to date.');
        } else if (command === 'down') {
          const rolledBack = await migrateDown(conn);
          console.log(rolledBack ? `Rolled back: ${rolledBack}` : 'Nothing to roll back: no migration is applied.');
        } else {
          for (const { tag, applied } of await migrationStatus(conn)) {
            console.log(`${applied ? 'applied' : 'pending'}  ${tag}`);
          }
        }
      },
      (notice) => console.log(`PostgreSQL: ${notice}`),
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError ? error.problems.join('\n') : error instanceof Error ? error.message : String(error);
    console.error(`Migration failed: ${message}`);
    process.exit(1);
  },
);

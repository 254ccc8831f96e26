import { closeDatabase } from '@/db';
import { ConfigError, getEnv, isServingNodeRuntime } from './env';
import { onShutdown } from './lifecycle';

/**
 * Refuse to serve with bad configuration: one line per problem at boot, instead of a
 * stack trace at the first request.
 */
export function checkConfigurationAtBoot(): boolean {
  if (!isServingNodeRuntime()) return false;
  try {
    getEnv();
    return true;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`[watchpost] Configuration error: ${problem}`);
    process.exit(1);
  }
}

/**
 * Refuse to serve through a connection pooler the configuration does not declare (see
 * db/pooler.ts). A database that cannot be reached now is not refused here: requests
 * answer 503 until it is back, as they would later.
 */
export async function checkDatabaseRouteAtBoot(): Promise<void> {
  const env = getEnv();
  if (env.WATCHPOST_EMBEDDED) return;
  const { databaseRouteProblems } = await import('@/db/pooler');
  const problems = await databaseRouteProblems(env).catch((error: unknown) => {
    console.error(`[watchpost] Could not check how DATABASE_URL reaches PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  if (problems.length === 0) return;
  for (const problem of problems) console.error(`[watchpost] Configuration error: ${problem}`);
  process.exit(1);
}

/** At SIGTERM the server's pool closes after the work that uses it (lib/lifecycle.ts runs lower orders first). */
export function closePoolAtShutdown(): void {
  onShutdown({ name: 'database pool', order: 10, run: () => closeDatabase() });
}

import { ConfigError, getEnv, isServingNodeRuntime } from './env';

/**
 * Refuse to serve with bad configuration: one line per problem at boot, instead of a
 * stack trace at the first request.
 */
export function checkConfigurationAtBoot(): void {
  if (!isServingNodeRuntime()) return;
  try {
    getEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`[watchpost] Configuration error: ${problem}`);
    process.exit(1);
  }
}

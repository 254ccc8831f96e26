import { ConfigError, getEnv, isServingNodeRuntime } from './env';

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

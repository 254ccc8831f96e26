/** An error and the errors behind it (Drizzle wraps the driver's error in `cause`). */
function* causes(error: unknown): Generator<{ code?: unknown; constraint_name?: unknown }> {
  let current = error as { code?: unknown; constraint_name?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    yield current;
    current = current.cause as typeof current;
  }
}

/** The PostgreSQL error behind a driver or Drizzle error, if there is one. */
export function pgError(error: unknown): { code?: string; constraint?: string } | null {
  for (const current of causes(error)) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      return { code: current.code, constraint: typeof current.constraint_name === 'string' ? current.constraint_name : undefined };
    }
  }
  return null;
}

export const UNIQUE_VIOLATION = '23505';

// Network errors of the driver, and PostgreSQL's admin shutdown, cannot-connect-now and
// too-many-connections.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P03', '53300']);

/** The database is down, restarting, or out of connections: worth retrying later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const current of causes(error)) if (typeof current.code === 'string' && UNREACHABLE.has(current.code)) return true;
  return false;
}

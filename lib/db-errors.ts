/** The PostgreSQL error behind a driver or Drizzle error, if there is one. */
export function pgError(error: unknown): { code?: string; constraint?: string } | null {
  for (let current = error as { code?: unknown; constraint_name?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      return { code: current.code, constraint: typeof current.constraint_name === 'string' ? current.constraint_name : undefined };
    }
  }
  return null;
}

export const UNIQUE_VIOLATION = '23505';

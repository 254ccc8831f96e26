// A per-instance, in-memory count of requests per key per minute (fixed windows), for hot
// paths where a database write per request would cost more than what it protects: agents'
// batches, and the public status pages and badges per client IP.

export interface MinuteWindowResult {
  allowed: boolean;
  /** Seconds until the window restarts (when refused). */
  retryAfterSeconds: number;
}

export function perMinuteLimiter(maxKeys = 100_000) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return (key: string, perMinute: number, now = Date.now()): MinuteWindowResult => {
    const window = windows.get(key);
    if (!window || now - window.startedAt >= 60_000) {
      // Past the bound (a flood of distinct keys), forget everything rather than grow.
      if (windows.size >= maxKeys) windows.clear();
      windows.set(key, { startedAt: now, count: 1 });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    window.count += 1;
    return { allowed: window.count <= perMinute, retryAfterSeconds: (window.startedAt + 60_000 - now) / 1000 };
  };
}

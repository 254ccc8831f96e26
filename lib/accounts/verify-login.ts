import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { findUserForLogin, type SessionUser } from '@/db/queries/users';
import { emailSchema } from '@/lib/auth/email';
import { verifyPassword } from '@/lib/auth/password';
import { getEnv } from '@/lib/env';
import { clearRateLimit, hitRateLimit, peekRateLimit } from '@/lib/rate-limit';

export type LoginResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Failures past the third are answered ever more slowly, up to 2 s each. */
export function failureDelayMs(failures: number, baseMs: number): number {
  return failures <= 3 ? 0 : Math.min(baseMs * 2 ** (failures - 4), 2000);
}

/**
 * Check an e-mail and password, throttled per e-mail and per client IP with counters in
 * PostgreSQL (so every instance and restart sees them). Unknown e-mail and wrong
 * password give the same answer in about the same time.
 */
export async function verifyLogin(input: { email: unknown; password: unknown; ip: string }): Promise<LoginResult> {
  const env = getEnv();
  const windowSeconds = env.AUTH_THROTTLE_WINDOW_MINUTES * 60;
  const parsedEmail = emailSchema.safeParse(input.email);
  const email = parsedEmail.success ? parsedEmail.data : null;
  const password = typeof input.password === 'string' ? input.password : '';
  const emailKey = email ? `login:email:${email}` : null;
  const ipKey = `login:ip:${input.ip}`;

  const [byEmail, byIp] = await Promise.all([
    emailKey ? peekRateLimit(emailKey, windowSeconds) : null,
    peekRateLimit(ipKey, windowSeconds),
  ]);
  const blocked = [
    byEmail && byEmail.count >= env.AUTH_THROTTLE_MAX_FAILURES_PER_EMAIL ? byEmail.resetInSeconds : 0,
    byIp.count >= env.AUTH_THROTTLE_MAX_FAILURES_PER_IP ? byIp.resetInSeconds : 0,
  ];
  if (Math.max(...blocked) > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(...blocked) };

  const user = email ? await findUserForLogin(email) : null;
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (valid && user && emailKey) {
    await clearRateLimit(emailKey);
    const { passwordHash: _, ...sessionUser } = user;
    return { ok: true, user: sessionUser };
  }

  const [emailFailures, ipFailures] = await Promise.all([
    emailKey ? hitRateLimit(emailKey, windowSeconds) : null,
    hitRateLimit(ipKey, windowSeconds),
  ]);
  await sleep(failureDelayMs(Math.max(emailFailures?.count ?? 0, ipFailures.count), env.AUTH_THROTTLE_DELAY_MS));
  return { ok: false, reason: 'invalid' };
}

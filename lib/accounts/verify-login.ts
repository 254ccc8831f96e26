import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { findUserAtVersion, findUserForLogin, type SessionUser } from '@/db/queries/users';
import { emailSchema } from '@/lib/auth/email';
import { verifyPassword } from '@/lib/auth/password';
import { openTicket } from '@/lib/auth/tickets';
import { getEnv } from '@/lib/env';
import { clearRateLimit, hitRateLimit, peekRateLimit } from '@/lib/rate-limit';
import { isUuid } from '@/lib/ids';
import { useSecondFactor } from './two-factor';

export type LoginResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' }
  /** The half-signed-in marker is gone, forged or past its 5 minutes: start again. */
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Failures past the third are answered ever more slowly, up to 2 s each. */
export function failureDelayMs(failures: number, baseMs: number): number {
  return failures <= 3 ? 0 : Math.min(baseMs * 2 ** (failures - 4), 2000);
}

/** Failure counters of one kind of attempt, per account and per client IP, in PostgreSQL (every instance and restart sees them). */
function throttle(kind: 'login' | 'second-factor', account: string | null, ip: string) {
  const env = getEnv();
  const windowSeconds = env.AUTH_THROTTLE_WINDOW_MINUTES * 60;
  const keys = [
    ...(account ? [{ key: `${kind}:${kind === 'login' ? 'email' : 'user'}:${account}`, max: env.AUTH_THROTTLE_MAX_FAILURES_PER_EMAIL }] : []),
    { key: `${kind}:ip:${ip}`, max: env.AUTH_THROTTLE_MAX_FAILURES_PER_IP },
  ];
  return {
    /** Seconds until another attempt is heard; 0 when it may go on. */
    async blockedFor(): Promise<number> {
      const states = await Promise.all(keys.map(({ key }) => peekRateLimit(key, windowSeconds)));
      return Math.max(0, ...states.map((state, i) => (state.count >= keys[i]!.max ? state.resetInSeconds : 0)));
    },
    async failed(): Promise<void> {
      const states = await Promise.all(keys.map(({ key }) => hitRateLimit(key, windowSeconds)));
      await sleep(failureDelayMs(Math.max(...states.map((state) => state.count)), env.AUTH_THROTTLE_DELAY_MS));
    },
    /** A success forgets the account's failures (not the IP's). */
    async succeeded(): Promise<void> {
      if (account) await clearRateLimit(keys[0]!.key);
    },
  };
}

/**
 * Check an e-mail and password, throttled per e-mail and per client IP. Unknown e-mail and
 * wrong password give the same answer in about the same time.
 */
export async function verifyLogin(input: { email: unknown; password: unknown; ip: string }): Promise<LoginResult> {
  const parsedEmail = emailSchema.safeParse(input.email);
  const email = parsedEmail.success ? parsedEmail.data : null;
  const password = typeof input.password === 'string' ? input.password : '';
  const attempts = throttle('login', email, input.ip);
  const blocked = await attempts.blockedFor();
  if (blocked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: blocked };

  const user = email ? await findUserForLogin(email) : null;
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (valid && user) {
    await attempts.succeeded();
    const { passwordHash: _, ...sessionUser } = user;
    return { ok: true, user: sessionUser };
  }
  await attempts.failed();
  return { ok: false, reason: 'invalid' };
}

/**
 * The second step: the half-signed-in marker the password step issued (lib/auth/tickets.ts)
 * and an authenticator or recovery code, throttled like passwords per account and per IP.
 */
export async function verifySecondStep(input: { marker: unknown; code: unknown; ip: string }): Promise<LoginResult> {
  const marker = openTicket('second-factor', input.marker);
  if (!marker || !isUuid(marker.u)) return { ok: false, reason: 'expired' };
  const attempts = throttle('second-factor', marker.u, input.ip);
  const blocked = await attempts.blockedFor();
  if (blocked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: blocked };
  const user = await findUserAtVersion(marker.u, marker.v);
  if (!user) return { ok: false, reason: 'expired' };
  if (await useSecondFactor(user.id, input.code)) {
    await attempts.succeeded();
    return { ok: true, user };
  }
  await attempts.failed();
  return { ok: false, reason: 'invalid' };
}

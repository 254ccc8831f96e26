import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSessionUser } from '@/db/queries/users';
import { changePassword, deleteAccount, signOutEverywhere } from '@/lib/accounts/manage';
import { endOtherSession, endOtherSessions, endSession, listSessions, startSession } from '@/lib/accounts/sessions';
import { deviceOf } from '@/lib/accounts/device';
import { changePasswordSchema, signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { failureDelayMs, verifyLogin } from '@/lib/accounts/verify-login';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { refusal } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

const sql = testSql();
const PASSWORD = 'correct horse battery';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const signedIn = (userId: string, userAgent = FIREFOX, ip = '198.51.100.200') => startSession(userId, { ip, userAgent });
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(() => {
  // Small delays so the throttle tests stay quick; the growth is what they check.
  process.env.AUTH_THROTTLE_DELAY_MS = '40';
  resetEnvCache();
});

async function createUser(email: string, password = PASSWORD) {
  const input = signUpSchema.parse({ email, password });
  return signUp({ input });
}

async function userCount(email: string): Promise<number> {
  const [row] = await sql`SELECT count(*)::int AS n FROM users WHERE email = ${email}`;
  return row!.n as number;
}

describe('sign-up rules', () => {
  it('trims and lower-cases the e-mail, stores an Argon2id hash at OWASP parameters, and starts on the free plan', async () => {
    await createUser('  Alice@Example.COM ');
    const [row] = await sql`SELECT email, password_hash, plan, session_version FROM users WHERE email = 'alice@example.com'`;
    expect(row?.email).toBe('alice@example.com');
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain(PASSWORD);
    expect(row?.plan).toBe('free');
  });

  it('refuses a second account with the same e-mail, whatever its case, and writes no second row', async () => {
    await createUser('bob@example.com');
    const duplicate = createUser('BOB@example.com ');
    await expect(duplicate).rejects.toBeInstanceOf(AppError);
    await expect(duplicate).rejects.toThrow(/already exists/);
    expect(await userCount('bob@example.com')).toBe(1);
  });

  it.each([
    ['', 'Enter your e-mail address.'],
    ['not-an-email', 'Enter an e-mail address like name@example.com.'],
    [`${'a'.repeat(250)}@example.com`, 'E-mail addresses can be at most 255 characters.'],
    ['üser@exämple.com', 'Enter an e-mail address like name@example.com.'],
    ["x'; DROP TABLE users; --@example.com", 'Enter an e-mail address like name@example.com.'],
  ])('refuses the e-mail %j with a message for the field', (email, message) => {
    const result = signUpSchema.safeParse({ email, password: PASSWORD });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === 'email')?.message).toBe(message);
  });

  it.each([
    ['', 'Use at least 8 characters.'],
    ['short', 'Use at least 8 characters.'],
    ['x'.repeat(10_000), 'Use at most 128 characters.'],
    ['password1', 'This password is one of the most common ones; choose another.'],
    ['Qwertyuiop', 'This password is one of the most common ones; choose another.'],
  ])('refuses the password %#', (password, message) => {
    const result = signUpSchema.safeParse({ email: 'new@example.com', password });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === 'password')?.message).toBe(message);
  });

  it('stores SQL metacharacters as plain text', async () => {
    await createUser("o'brien+test@example.com", "pa'ss; DROP TABLE users;--");
    expect(await userCount("o'brien+test@example.com")).toBe(1);
    const login = await verifyLogin({ email: "o'brien+test@example.com", password: "pa'ss; DROP TABLE users;--", ip: freshIp() });
    expect(login.ok).toBe(true);
  });

  it('keeps updated_at true on every change to a user row', async () => {
    await createUser('touch@example.com');
    await sql`UPDATE users SET updated_at = '2000-01-01' , created_at = '2000-01-01' WHERE email = 'touch@example.com'`;
    await sql`UPDATE users SET plan = 'pro' WHERE email = 'touch@example.com'`;
    const [row] = await sql`SELECT updated_at > now() - interval '1 minute' AS fresh FROM users WHERE email = 'touch@example.com'`;
    expect(row?.fresh).toBe(true);
  });
});

describe('sign-in', () => {
  it('accepts the right password, with the e-mail in any case', async () => {
    await createUser('carol@example.com');
    const result = await verifyLogin({ email: ' CAROL@example.com', password: PASSWORD, ip: freshIp() });
    expect(result).toMatchObject({ ok: true, user: { email: 'carol@example.com', plan: 'free', sessionVersion: 0 } });
  });

  it('gives an unknown e-mail and a wrong password the same answer, in about the same time', async () => {
    await createUser('dave@example.com');
    const time = async (email: string) => {
      const started = performance.now();
      const result = await verifyLogin({ email, password: 'wrong password!', ip: freshIp() });
      await sql`DELETE FROM rate_limits`;
      return { result, ms: performance.now() - started };
    };
    await time('warmup@example.com');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await time(`nobody${i}@example.com`);
      const b = await time('dave@example.com');
      expect(a.result).toEqual({ ok: false, reason: 'invalid' });
      expect(b.result).toEqual({ ok: false, reason: 'invalid' });
      unknown.push(a.ms);
      wrong.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[2]!;
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('slows repeated failures, then refuses even the right password until the window ends', async () => {
    await createUser('erin@example.com');
    const attempt = async (password: string) => {
      const started = performance.now();
      const result = await verifyLogin({ email: 'erin@example.com', password, ip: freshIp() });
      return { result, ms: performance.now() - started };
    };
    const failures = [];
    for (let i = 0; i < 10; i++) failures.push(await attempt(`wrong password ${i}`));
    expect(failures.every((f) => f.result.ok === false && f.result.reason === 'invalid')).toBe(true);
    // The 7th failure waits failureDelayMs(7) = 8 × the base on top of the hashing.
    expect(failures[6]!.ms - failures[0]!.ms).toBeGreaterThan(failureDelayMs(7, 40) * 0.8);

    const refused = await attempt(PASSWORD);
    expect(refused.result).toMatchObject({ ok: false, reason: 'throttled' });
    const retry = (refused.result as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);

    // The window passes: the right password works again, and clears the count.
    await sql`UPDATE rate_limits SET window_started_at = now() - interval '16 minutes' WHERE key = 'login:email:erin@example.com'`;
    expect((await attempt(PASSWORD)).result.ok).toBe(true);
    expect(await sql`SELECT 1 FROM rate_limits WHERE key = 'login:email:erin@example.com'`).toHaveLength(0);
  });

  it('refuses a client IP that fails against many accounts', async () => {
    const ip = freshIp();
    for (let i = 0; i < 50; i++) {
      await sql`INSERT INTO rate_limits (key, count) VALUES (${`login:ip:${ip}`}, 1)
                ON CONFLICT (key) DO UPDATE SET count = rate_limits.count + 1`;
    }
    await createUser('frank@example.com');
    expect(await verifyLogin({ email: 'frank@example.com', password: PASSWORD, ip })).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    expect((await verifyLogin({ email: 'frank@example.com', password: PASSWORD, ip: freshIp() })).ok).toBe(true);
  });
});

describe('sessions and account changes', () => {
  it('signing out ends that one session for good, and no other', async () => {
    const { id } = await createUser('gina@example.com');
    const laptop = await signedIn(id);
    const phone = await signedIn(id, IPHONE);
    expect(await findSessionUser(id, 0, laptop)).toMatchObject({ email: 'gina@example.com' });
    await endSession({ userId: id, sessionId: laptop });
    // Twice is harmless (a double click).
    await endSession({ userId: id, sessionId: laptop });
    expect(await findSessionUser(id, 0, laptop)).toBeNull();
    expect(await findSessionUser(id, 0, phone)).toMatchObject({ email: 'gina@example.com' });
    // A session id nobody started, or another person's, is no session.
    expect(await findSessionUser(id, 0, randomUUID())).toBeNull();
    const { id: otherId } = await createUser('gina.other@example.com');
    expect(await findSessionUser(otherId, 0, phone)).toBeNull();
  });

  it('lists where the person is signed in, this session first, and signs out the others', async () => {
    const { id } = await createUser('gail@example.com');
    const laptop = await signedIn(id, FIREFOX, '198.51.100.31');
    const phone = await signedIn(id, IPHONE, '203.0.113.9');
    const old = await signedIn(id, undefined, '203.0.113.10');
    await sql`UPDATE user_sessions SET last_seen_at = now() - interval '2 hours' WHERE id = ${old}`;
    const { id: strangerId } = await createUser('gail.stranger@example.com');
    const stranger = await signedIn(strangerId);

    const sessions = await listSessions({ userId: id, sessionId: laptop });
    expect(sessions.map((s) => [s.device, s.ip, s.current])).toEqual([
      ['Firefox on Linux', '198.51.100.31', true],
      ['Safari on iOS', '203.0.113.9', false],
      ['Firefox on Linux', '203.0.113.10', false],
    ]);
    expect(sessions[2]!.lastSeenAt.getTime()).toBeLessThan(Date.now() - 3600_000);

    // A request over a minute after the last one moves "last seen" on, from the new address.
    expect(await findSessionUser(id, 0, old)).toMatchObject({ seenDue: true });
    expect(await findSessionUser(id, 0, phone)).toMatchObject({ seenDue: false });

    // Someone else's session, this one, or one already ended: refused, nothing changes.
    expect((await refusal(endOtherSession({ ctx: { userId: id, sessionId: laptop }, input: { sessionId: stranger } }))).code).toBe('NOT_FOUND');
    expect(await findSessionUser(strangerId, 0, stranger)).not.toBeNull();
    expect((await refusal(endOtherSession({ ctx: { userId: id, sessionId: laptop }, input: { sessionId: laptop } }))).code).toBe('INVALID_INPUT');

    await endOtherSession({ ctx: { userId: id, sessionId: laptop }, input: { sessionId: phone } });
    expect(await findSessionUser(id, 0, phone)).toBeNull();
    expect((await refusal(endOtherSession({ ctx: { userId: id, sessionId: laptop }, input: { sessionId: phone } }))).code).toBe('NOT_FOUND');

    expect(await endOtherSessions({ userId: id, sessionId: laptop })).toBe(1);
    expect((await listSessions({ userId: id, sessionId: laptop })).map((s) => s.id)).toEqual([laptop]);
    expect(await findSessionUser(id, 0, laptop)).not.toBeNull();
    expect(await findSessionUser(strangerId, 0, stranger)).not.toBeNull();
  });

  it('names devices as a person would', () => {
    expect(deviceOf(FIREFOX)).toBe('Firefox on Linux');
    expect(deviceOf(IPHONE)).toBe('Safari on iOS');
    expect(deviceOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge on Windows');
    expect(deviceOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome on macOS');
    expect(deviceOf('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(deviceOf(null)).toBe('Unknown device');
    expect(deviceOf('something else')).toBe('Unknown device');
  });

  it('"sign out everywhere" ends every session, and voids what was issued for them', async () => {
    const { id } = await createUser('grace@example.com');
    const session = await signedIn(id);
    expect(await findSessionUser(id, 0, session)).toMatchObject({ email: 'grace@example.com' });
    await signOutEverywhere({ ctx: { userId: id } });
    expect(await findSessionUser(id, 0, session)).toBeNull();
    expect(await findSessionUser(id, 1, session)).toBeNull();
    expect(await findSessionUser(id, 1, await signedIn(id))).toMatchObject({ email: 'grace@example.com' });
  });

  it('a password change needs the current password, and kills every session', async () => {
    const { id } = await createUser('heidi@example.com');
    const session = await signedIn(id);
    const input = changePasswordSchema.parse({
      currentPassword: 'not my password',
      newPassword: 'a brand new secret',
      confirmPassword: 'a brand new secret',
    });
    await expect(changePassword({ ctx: { userId: id }, input })).rejects.toThrow(/not your current password/);
    expect(await findSessionUser(id, 0, session)).not.toBeNull();

    expect(await changePassword({ ctx: { userId: id }, input: { ...input, currentPassword: PASSWORD } })).toEqual({ sessionVersion: 1 });
    expect(await findSessionUser(id, 0, session)).toBeNull();
    expect(await findSessionUser(id, 1, session)).toBeNull();
    expect((await verifyLogin({ email: 'heidi@example.com', password: PASSWORD, ip: freshIp() })).ok).toBe(false);
    expect((await verifyLogin({ email: 'heidi@example.com', password: 'a brand new secret', ip: freshIp() })).ok).toBe(true);
  });

  it('refuses mismatched new passwords and common ones', () => {
    const mismatch = changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'a brand new secret', confirmPassword: 'another one' });
    expect(mismatch.error?.issues[0]).toMatchObject({ path: ['confirmPassword'], message: 'The two new passwords do not match.' });
    const common = changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'iloveyou', confirmPassword: 'iloveyou' });
    expect(common.error?.issues[0]?.path).toEqual(['newPassword']);
  });

  it('deleting an account needs its password and removes everything it owns, and nothing else', async () => {
    const { id } = await createUser('ivan@example.com');
    const { id: otherId } = await createUser('judy@example.com');
    const session = await signedIn(id);
    const own = async (userId: string) => {
      const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${userId}, 'a', '\\x00') RETURNING id`;
      const [monitor] = await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${agent!.id}, 'm', 'http', 'https://example.com') RETURNING id`;
      await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now(), ${monitor!.id}, ${agent!.id}, 'down')`;
      await sql`INSERT INTO incidents (monitor_id, started_at, acknowledged_by, acknowledged_at, status)
                VALUES (${monitor!.id}, now(), ${userId}, now(), 'acknowledged')`;
      return monitor!.id as string;
    };
    const monitorId = await own(id);
    const otherMonitorId = await own(otherId);

    // The other user's password does not delete this account.
    await expect(deleteAccount({ ctx: { userId: id }, input: { password: 'judy password' } })).rejects.toThrow(
      /not your current password/,
    );
    expect(await userCount('ivan@example.com')).toBe(1);

    await deleteAccount({ ctx: { userId: id }, input: { password: PASSWORD } });
    expect(await userCount('ivan@example.com')).toBe(0);
    const counts = async (monitor: string) => {
      const [row] = await sql`
        SELECT (SELECT count(*) FROM monitors WHERE id = ${monitor})::int AS monitors,
               (SELECT count(*) FROM heartbeats WHERE monitor_id = ${monitor})::int AS heartbeats,
               (SELECT count(*) FROM incidents WHERE monitor_id = ${monitor})::int AS incidents`;
      return row;
    };
    expect(await counts(monitorId)).toEqual({ monitors: 0, heartbeats: 0, incidents: 0 });
    expect(await counts(otherMonitorId)).toEqual({ monitors: 1, heartbeats: 1, incidents: 1 });
    expect(await findSessionUser(id, 0, session)).toBeNull();
    expect(await sql`SELECT 1 FROM user_sessions WHERE id = ${session}`).toHaveLength(0);
  });
});

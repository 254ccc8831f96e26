import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findSessionUser } from '@/db/queries/users';
import { changePassword, hasPassword, passwordResetLink, requirePassword, resetPasswordWithLink, setFirstPassword } from '@/lib/accounts/manage';
import { startSession } from '@/lib/accounts/sessions';
import { signUp } from '@/lib/accounts/sign-up';
import { resolveSsoUser } from '@/lib/accounts/sso';
import { verifyLogin } from '@/lib/accounts/verify-login';
import { db } from '@/db';
import { createTeam } from '@/lib/teams/manage';
import { parseServerEnv, resetEnvCache } from '@/lib/env';
import { createTestUser, refusal } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

// Single sign-on's decisions (lib/accounts/sso.ts) and the operator's password link against
// the real database. The protocol's own checks (state, PKCE, nonce, the ID token's issuer,
// audience and expiry) are tested end to end against a real OpenID provider in
// tests/e2e/single-sign-on.spec.ts.

const sql = testSql();
afterAll(() => sql.end());

const ISSUER = 'https://id.example.com';
const setEnv = (values: Record<string, string | undefined>) => {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
};
afterEach(() => setEnv({ WATCHPOST_REGISTRATION: 'open', WATCHPOST_OIDC_ISSUER: undefined, WATCHPOST_OIDC_CLIENT_ID: undefined, WATCHPOST_OIDC_CLIENT_SECRET: undefined, WATCHPOST_OIDC_ALLOWED_DOMAINS: undefined, WATCHPOST_OIDC_DEFAULT_TEAM: undefined, WATCHPOST_PASSWORD_LOGIN: undefined }));

const unique = (label: string, domain = 'example.com') => `${label}-${randomUUID().slice(0, 8)}@${domain}`;
const identity = (email: string, extra: Record<string, unknown> = {}) => ({ iss: ISSUER, sub: `sub-${randomUUID()}`, email, email_verified: true, ...extra });
const accounts = async (email: string) => Number((await sql`SELECT count(*)::int AS n FROM users WHERE email = ${email.toLowerCase()}`)[0]!.n);

describe('single sign-on', () => {
  it('links an existing account by a verified e-mail only, then finds it by subject when the e-mail changes', async () => {
    const person = await createTestUser('sso-link');
    const unverified = await resolveSsoUser(identity(person.email, { email_verified: false }));
    expect(unverified).toEqual({ ok: false, reason: 'unverified' });
    // "true" as a string is not true.
    expect(await resolveSsoUser(identity(person.email, { email_verified: 'true' }))).toEqual({ ok: false, reason: 'unverified' });
    expect(await sql`SELECT 1 FROM user_identities WHERE user_id = ${person.userId}`).toHaveLength(0);

    const claims = identity(person.email.toUpperCase());
    expect(await resolveSsoUser(claims)).toEqual({ ok: true, user: { id: person.userId, email: person.email, sessionVersion: 0 } });
    // The provider's e-mail changes (even to an unverified one): the subject still leads here.
    expect(await resolveSsoUser({ ...claims, email: 'renamed@elsewhere.example', email_verified: false })).toMatchObject({ ok: true, user: { id: person.userId } });
    // Another provider with the same subject is another identity.
    expect(await resolveSsoUser({ ...claims, iss: 'https://other.example', email: undefined })).toEqual({ ok: false, reason: 'unverified' });
    // The password still works where password sign-in is on.
    expect((await verifyLogin({ email: person.email, password: 'a long test password', ip: '198.51.100.90' })).ok).toBe(true);
  });

  it('makes an account when registration is open, and refuses one when it is not, creating nothing', async () => {
    const open = unique('sso-open');
    const made = await resolveSsoUser(identity(open));
    expect(made).toMatchObject({ ok: true, user: { email: open, sessionVersion: 0 } });
    const userId = (made as { user: { id: string } }).user.id;
    expect(await sql`SELECT name FROM teams WHERE personal_user_id = ${userId}`).toHaveLength(1);
    expect(await hasPassword(userId)).toBe(false);
    expect((await verifyLogin({ email: open, password: '!', ip: '198.51.100.91' })).ok).toBe(false);

    setEnv({ WATCHPOST_REGISTRATION: 'invite' });
    const stranger = unique('sso-stranger');
    expect(await resolveSsoUser(identity(stranger))).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await accounts(stranger)).toBe(0);
    expect(await sql`SELECT 1 FROM user_identities WHERE email = ${stranger}`).toHaveLength(0);
  });

  it('admits the allowed e-mail domains whatever the registration mode, into the default team as viewers', async () => {
    const owner = await createTestUser('sso-team-owner');
    const teamName = `SSO crew ${randomUUID().slice(0, 6)}`;
    const team = await createTeam({ userId: owner.userId, input: { name: teamName } });
    setEnv({ WATCHPOST_REGISTRATION: 'closed', WATCHPOST_OIDC_ALLOWED_DOMAINS: ' Acme.example , @corp.example', WATCHPOST_OIDC_DEFAULT_TEAM: teamName });

    const newcomer = unique('sso-new', 'corp.example');
    const made = await resolveSsoUser(identity(newcomer));
    expect(made).toMatchObject({ ok: true, user: { email: newcomer } });
    const userId = (made as { user: { id: string } }).user.id;
    expect(await sql`SELECT role FROM team_members WHERE team_id = ${team.id} AND user_id = ${userId}`).toEqual([{ role: 'viewer' }]);
    const [audit] = await sql`SELECT action, object_label FROM audit_events WHERE team_id = ${team.id} AND action = 'joined'`;
    expect(audit).toEqual({ action: 'joined', object_label: `${newcomer} as viewer, by single sign-on` });

    // A subdomain is another domain; a lookalike is refused.
    for (const email of [unique('sso-sub', 'eu.corp.example'), unique('sso-look', 'corp.example.evil')]) {
      expect(await resolveSsoUser(identity(email))).toEqual({ ok: false, reason: 'not_allowed' });
      expect(await accounts(email)).toBe(0);
    }
    // The default team named by id works too.
    setEnv({ WATCHPOST_OIDC_DEFAULT_TEAM: team.id });
    const byId = (await resolveSsoUser(identity(unique('sso-id', 'acme.example')))) as { user: { id: string } };
    expect(await sql`SELECT role FROM team_members WHERE team_id = ${team.id} AND user_id = ${byId.user.id}`).toEqual([{ role: 'viewer' }]);
  });

  it('gives an account made by single sign-on a first password once, which then confirms changes', async () => {
    const made = (await resolveSsoUser(identity(unique('sso-password')))) as { user: { id: string } };
    const userId = made.user.id;
    const noPassword = await refusal(requirePassword(db, userId, 'anything', 'password'));
    expect([noPassword.code, noPassword.message]).toEqual(['FORBIDDEN', 'Your account has no password yet (it was made by single sign-on): set one on Settings → Account first, then confirm with it.']);
    const session = await startSession(userId, { ip: null, userAgent: null });
    expect(await setFirstPassword({ ctx: { userId }, input: { newPassword: 'my first real password' } })).toEqual({ sessionVersion: 1 });
    expect(await findSessionUser(userId, 0, session)).toBeNull();
    expect((await refusal(setFirstPassword({ ctx: { userId }, input: { newPassword: 'another one entirely' } }))).code).toBe('CONFLICT');
    await requirePassword(db, userId, 'my first real password', 'password');
    await changePassword({ ctx: { userId }, input: { currentPassword: 'my first real password', newPassword: 'and a second one' } });
  });

  it("the operator's link sets a password once, ends every session, and can come with a new account", async () => {
    const person = await createTestUser('sso-reset');
    const { url, expiresAt } = await passwordResetLink({ email: person.email, create: false, baseUrl: 'https://watchpost.example' });
    expect(url).toMatch(/^https:\/\/watchpost\.example\/reset-password\?token=[\w.%-]+$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3500_000);
    const token = decodeURIComponent(new URL(url).searchParams.get('token')!);

    expect((await refusal(resetPasswordWithLink({ token: `${token}x`, input: { newPassword: 'forged link password' } }))).code).toBe('FORBIDDEN');
    const user = await resetPasswordWithLink({ token, input: { newPassword: 'set by the reset link' } });
    expect(user).toMatchObject({ id: person.userId, sessionVersion: 1 });
    expect(await findSessionUser(person.userId, 0, person.session.sessionId)).toBeNull();
    const again = await refusal(resetPasswordWithLink({ token, input: { newPassword: 'used a second time' } }));
    expect([again.code, again.message]).toEqual(['FORBIDDEN', 'This link has expired or was used already. Ask the server’s operator for a new one.']);
    expect((await verifyLogin({ email: person.email, password: 'set by the reset link', ip: '198.51.100.92' })).ok).toBe(true);

    expect((await refusal(passwordResetLink({ email: unique('nobody'), create: false, baseUrl: 'https://w.example' }))).code).toBe('NOT_FOUND');
    setEnv({ WATCHPOST_REGISTRATION: 'closed' });
    const operator = unique('operator');
    await passwordResetLink({ email: operator, create: true, baseUrl: 'https://w.example' });
    expect(await accounts(operator)).toBe(1);
    expect((await refusal(passwordResetLink({ email: operator, create: true, baseUrl: 'https://w.example' }))).code).toBe('CONFLICT');
  });

  it('turns password sign-up off with WATCHPOST_PASSWORD_LOGIN=false, while single sign-on still makes accounts', async () => {
    setEnv({ WATCHPOST_PASSWORD_LOGIN: 'false', WATCHPOST_OIDC_ISSUER: ISSUER, WATCHPOST_OIDC_CLIENT_ID: 'watchpost', WATCHPOST_OIDC_CLIENT_SECRET: 's3cret' });
    const email = unique('password-off');
    const refused = await refusal(signUp({ input: { email, password: 'a long test password' } }));
    expect([refused.code, refused.message]).toEqual(['FORBIDDEN', 'Accounts here are made by single sign-on: use the sign-in page’s single sign-on button.']);
    expect(await accounts(email)).toBe(0);
    expect(await resolveSsoUser(identity(email))).toMatchObject({ ok: true, user: { email } });
  });

  it('checks its configuration at start', () => {
    const base = { AUTH_SECRET: 'x'.repeat(32), WATCHPOST_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };
    const problems = (extra: Record<string, string>) => {
      try {
        parseServerEnv({ ...base, ...extra });
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    };
    expect(problems({ WATCHPOST_OIDC_ISSUER: ISSUER })).toEqual([
      'WATCHPOST_OIDC_CLIENT_ID is not set: single sign-on (WATCHPOST_OIDC_ISSUER) needs the client id and secret registered at the provider',
      'WATCHPOST_OIDC_CLIENT_SECRET is not set: single sign-on (WATCHPOST_OIDC_ISSUER) needs the client id and secret registered at the provider',
    ]);
    expect(problems({ WATCHPOST_PASSWORD_LOGIN: 'false' })).toEqual(['WATCHPOST_PASSWORD_LOGIN is false but single sign-on is not configured (WATCHPOST_OIDC_ISSUER): nobody could sign in']);
    expect(problems({ WATCHPOST_OIDC_ALLOWED_DOMAINS: 'example.com, not a domain' })[0]).toMatch(/^WATCHPOST_OIDC_ALLOWED_DOMAINS/);
    const env = parseServerEnv({ ...base, WATCHPOST_OIDC_ISSUER: `${ISSUER}/realms/acme/.well-known/openid-configuration`, WATCHPOST_OIDC_CLIENT_ID: 'watchpost', WATCHPOST_OIDC_CLIENT_SECRET: 's3cret' });
    expect([env.WATCHPOST_OIDC_ISSUER, env.WATCHPOST_OIDC_NAME, env.WATCHPOST_PASSWORD_LOGIN]).toEqual([`${ISSUER}/realms/acme`, 'Single sign-on', true]);
  });
});

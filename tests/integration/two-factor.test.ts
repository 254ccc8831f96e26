import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { membersWithoutTwoFactor } from '@/db/queries/teams';
import { changePassword } from '@/lib/accounts/manage';
import { startSession } from '@/lib/accounts/sessions';
import { contextOfToken, createApiToken } from '@/lib/api/tokens';
import { createTeam, setTwoFactorPolicy } from '@/lib/teams/manage';
import { acceptTeamInvitation, inviteMember } from '@/lib/teams/invitations';
import { confirmTotp, disableTotp, hasSecondFactor, pendingTotp, regenerateRecoveryCodes, startTotpSetup, twoFactorState } from '@/lib/accounts/two-factor';
import { verifySecondStep } from '@/lib/accounts/verify-login';
import { openTicket, signTicket } from '@/lib/auth/tickets';
import { resetEnvCache } from '@/lib/env';
import { createTestUser, refusal } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

// Two-factor sign-in against the real database: every refusal the issue names.

const sql = testSql();
afterAll(() => sql.end());
afterEach(() => {
  delete process.env.AUTH_THROTTLE_MAX_FAILURES_PER_EMAIL;
  resetEnvCache();
});

const PASSWORD = 'a long test password';
const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate({ timestamp });

/** A person with an authenticator app turned on: its secret, the recovery codes, and a marker as the password step leaves it. */
async function withTotp() {
  const person = await createTestUser('two-factor');
  const ctx = person.session;
  await startTotpSetup({ ctx });
  const secret = (await pendingTotp(person.userId))!.secret;
  // Confirmed with this step’s code, as a person would.
  const { recoveryCodes } = await confirmTotp({ ctx, input: { code: codeAt(secret, Date.now()) } });
  const [row] = await sql`SELECT session_version FROM users WHERE id = ${person.userId}`;
  const marker = () => signTicket('second-factor', { u: person.userId, v: row!.session_version as number }, 300);
  return { ...person, ctx, secret, recoveryCodes, marker };
}

const step = (marker: string, code: string, ip = '198.51.100.7') => verifySecondStep({ marker, code, ip });

describe('two-factor sign-in', () => {
  it('is asked for only once the app is confirmed; the secret is stored encrypted', async () => {
    const person = await createTestUser('two-factor-pending');
    await startTotpSetup({ ctx: { userId: person.userId } });
    const pending = (await pendingTotp(person.userId))!;
    expect(pending.qrSvg).toMatch(/^<svg /);
    expect(pending.uri).toMatch(/^otpauth:\/\/totp\/Watchpost:.*\?.*secret=[A-Z2-7]+/);
    expect(await hasSecondFactor(person.userId)).toBe(false);
    const [stored] = await sql`SELECT secret_encrypted FROM user_totp WHERE user_id = ${person.userId}`;
    expect(Buffer.from(stored!.secret_encrypted as Uint8Array).toString('latin1')).not.toContain(pending.secret.replace(/\s/g, ''));
    const wrong = await refusal(confirmTotp({ ctx: person.session, input: { code: '000000' } }));
    expect([wrong.code, wrong.options.details]).toEqual(['INVALID_INPUT', [{ field: 'code', message: 'That code is not right: type the 6 digits the app shows now.' }]]);
    expect((await twoFactorState(person.userId)).totp).toBe('pending');
    // Without a confirmed app there are no recovery codes to make.
    expect((await refusal(regenerateRecoveryCodes({ ctx: { userId: person.userId }, input: { password: PASSWORD } }))).code).toBe('CONFLICT');
  });

  it('accepts a code once, with one step of drift, and refuses wrong, replayed and two-step-old codes', async () => {
    const person = await withTotp();
    expect(await hasSecondFactor(person.userId)).toBe(true);
    expect(await step(person.marker(), '000000')).toEqual({ ok: false, reason: 'invalid' });
    // The code that turned it on was this step's: used.
    expect(await step(person.marker(), codeAt(person.secret, Date.now()))).toEqual({ ok: false, reason: 'invalid' });
    expect(await step(person.marker(), codeAt(person.secret, Date.now() - 60_000))).toEqual({ ok: false, reason: 'invalid' });
    expect(await step(person.marker(), codeAt(person.secret, Date.now() + 60_000))).toEqual({ ok: false, reason: 'invalid' });
    const next = codeAt(person.secret, Date.now() + 30_000);
    expect(await step(person.marker(), `${next.slice(0, 3)} ${next.slice(3)}`)).toMatchObject({ ok: true, user: { id: person.userId } });
    expect(await step(person.marker(), next)).toEqual({ ok: false, reason: 'invalid' });
    // Two requests with one fresh code: one wins.
    const [row] = await sql`SELECT last_used_step FROM user_totp WHERE user_id = ${person.userId}`;
    await sql`UPDATE user_totp SET last_used_step = ${Number(row!.last_used_step) - 2} WHERE user_id = ${person.userId}`;
    const both = await Promise.all([step(person.marker(), next), step(person.marker(), next)]);
    expect(both.filter((result) => result.ok)).toHaveLength(1);
  });

  it('throttles wrong codes per account like passwords', async () => {
    process.env.AUTH_THROTTLE_MAX_FAILURES_PER_EMAIL = '3';
    resetEnvCache();
    const person = await withTotp();
    for (let i = 0; i < 3; i++) expect(await step(person.marker(), '000000', `198.51.100.${i + 20}`)).toEqual({ ok: false, reason: 'invalid' });
    const blocked = await step(person.marker(), codeAt(person.secret, Date.now() + 30_000), '198.51.100.99');
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('refuses a forged, expired or outdated marker: the half-signed-in state grants nothing else', async () => {
    const person = await withTotp();
    const code = codeAt(person.secret, Date.now() + 30_000);
    const good = person.marker();
    const [body, signature] = good.split('.');
    const forged = `${Buffer.from(JSON.stringify({ u: person.userId, v: 0, p: 'second-factor', e: 9e9 })).toString('base64url')}.${signature}`;
    expect(await step(forged, code)).toEqual({ ok: false, reason: 'expired' });
    expect(await step(`${body}.x${signature}`, code)).toEqual({ ok: false, reason: 'expired' });
    expect(await step(signTicket('second-factor', { u: person.userId, v: 0 }, -1), code)).toEqual({ ok: false, reason: 'expired' });
    // A ticket of another purpose is no marker, nor the other way round.
    expect(await step(signTicket('session', { u: person.userId, v: 0 }, 60), code)).toEqual({ ok: false, reason: 'expired' });
    expect(openTicket('session', good)).toBeNull();
    // A password change voids the markers issued before it.
    await changePassword({ ctx: person.ctx, input: { currentPassword: PASSWORD, newPassword: 'another long test password' } });
    expect(await step(good, code)).toEqual({ ok: false, reason: 'expired' });
  });

  it('uses a recovery code once; new codes void the old; turning it off needs the password', async () => {
    const person = await withTotp();
    expect(person.recoveryCodes).toHaveLength(10);
    expect((await twoFactorState(person.userId)).recoveryCodesLeft).toBe(10);
    const [first, second] = person.recoveryCodes as [string, string];
    expect(await step(person.marker(), first.toUpperCase().replace('-', ' '))).toMatchObject({ ok: true });
    expect(await step(person.marker(), first)).toEqual({ ok: false, reason: 'invalid' });
    expect((await twoFactorState(person.userId)).recoveryCodesLeft).toBe(9);
    const stored = await sql`SELECT code_hash FROM user_recovery_codes WHERE user_id = ${person.userId}`;
    expect(JSON.stringify(stored)).not.toContain(second.replace('-', ''));

    expect((await refusal(regenerateRecoveryCodes({ ctx: person.ctx, input: { password: 'not it' } }))).code).toBe('FORBIDDEN');
    const fresh = await regenerateRecoveryCodes({ ctx: person.ctx, input: { password: PASSWORD } });
    expect(await step(person.marker(), second)).toEqual({ ok: false, reason: 'invalid' });
    expect(await step(person.marker(), fresh[0]!)).toMatchObject({ ok: true });

    expect((await refusal(disableTotp({ ctx: person.ctx, input: { password: 'not it' } }))).code).toBe('FORBIDDEN');
    expect(await hasSecondFactor(person.userId)).toBe(true);
    await disableTotp({ ctx: person.ctx, input: { password: PASSWORD } });
    expect(await twoFactorState(person.userId)).toEqual({ totp: 'off', confirmedAt: null, passkeys: 0, recoveryCodesLeft: 0 });
    expect(await step(person.marker(), fresh[1]!)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('ends every other session when a factor is added or removed, and keeps this one', async () => {
    const person = await createTestUser('two-factor-sessions');
    const phone = await startSession(person.userId, { ip: '203.0.113.5', userAgent: 'phone' });
    const live = async () => (await sql`SELECT id FROM user_sessions WHERE user_id = ${person.userId} AND ended_at IS NULL ORDER BY id`).map((row) => row.id as string);
    await startTotpSetup({ ctx: person.session });
    expect(await live()).toEqual([person.session.sessionId, phone].sort());
    const secret = (await pendingTotp(person.userId))!.secret;
    await confirmTotp({ ctx: person.session, input: { code: codeAt(secret, Date.now()) } });
    expect(await live()).toEqual([person.session.sessionId]);

    const laptop = await startSession(person.userId, { ip: '203.0.113.6', userAgent: 'laptop' });
    await disableTotp({ ctx: person.session, input: { password: PASSWORD } });
    expect(await live()).toEqual([person.session.sessionId]);
    expect(laptop).not.toBe(person.session.sessionId);
  });

  it('cannot start a second setup over an app that is on'
, async () => {
    const person = await withTotp();
    expect((await refusal(startTotpSetup({ ctx: person.ctx }))).code).toBe('CONFLICT');
  });
});

describe('a team that requires two-factor sign-in', () => {
  it('is set by an admin who has it, is audited, counts who lacks it, and stops the API tokens of a member without it', async () => {
    const admin = await withTotp();
    const { id: teamId } = await createTeam({ userId: admin.userId, input: { name: 'Secure crew' } });
    const owner = { userId: admin.userId, teamId, role: 'owner' as const };
    const member = await createTestUser('policy-member');
    const sent = await inviteMember({ ctx: owner, input: { email: member.email, role: 'editor' }, baseUrl: 'https://w.example' });
    await acceptTeamInvitation({ token: decodeURIComponent(sent.url.split('/join/')[1]!), userId: member.userId, email: member.email });
    const memberCtx = { userId: member.userId, teamId, role: 'editor' as const };
    expect((await refusal(setTwoFactorPolicy({ ctx: memberCtx, input: { required: true } }))).code).toBe('FORBIDDEN');
    // An admin without a second factor would lock themselves out.
    const plain = await createTestUser('policy-plain');
    const { id: plainTeam } = await createTeam({ userId: plain.userId, input: { name: 'Plain' } });
    expect((await refusal(setTwoFactorPolicy({ ctx: { userId: plain.userId, teamId: plainTeam, role: 'owner' }, input: { required: true } }))).code).toBe('CONFLICT');

    // The member's token, made while it was their choice (as an admin of their own team's tokens would).
    await sql`UPDATE team_members SET role = 'admin' WHERE team_id = ${teamId} AND user_id = ${member.userId}`;
    const { token } = await createApiToken({ ctx: { ...memberCtx, role: 'admin' }, input: { name: 'ci', role: 'viewer', expiresAt: null } });
    expect(await contextOfToken(token, null)).toMatchObject({ teamId, userId: member.userId });

    await setTwoFactorPolicy({ ctx: owner, input: { required: true } });
    const [event] = await sql`SELECT action, object_label, fields FROM audit_events WHERE team_id = ${teamId} AND object_kind = 'team' ORDER BY created_at DESC LIMIT 1`;
    expect(event).toMatchObject({ action: 'two_factor_required', object_label: 'Secure crew', fields: ['requireTwoFactor'] });
    expect(await membersWithoutTwoFactor(teamId)).toBe(1);
    const blocked = await refusal(contextOfToken(token, null));
    expect([blocked.code, blocked.message]).toEqual(['FORBIDDEN', 'This team requires two-factor sign-in, and the person who made this token has not set it up: they can on Settings → Security.']);

    await startTotpSetup({ ctx: { userId: member.userId } });
    const secret = (await pendingTotp(member.userId))!.secret;
    await confirmTotp({ ctx: member.session, input: { code: codeAt(secret, Date.now()) } });
    expect(await membersWithoutTwoFactor(teamId)).toBe(0);
    expect(await contextOfToken(token, null)).toMatchObject({ teamId });
    await setTwoFactorPolicy({ ctx: owner, input: { required: false } });
    const [off] = await sql`SELECT action FROM audit_events WHERE team_id = ${teamId} AND object_kind = 'team' ORDER BY created_at DESC LIMIT 1`;
    expect(off!.action).toBe('two_factor_optional');
  });
});

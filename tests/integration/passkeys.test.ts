import { afterAll, describe, expect, it } from 'vitest';
import { finishPasskeyRegistration, listPasskeys, passkeyRegistrationOptions, passkeySignInOptions, relyingPartyOf, removePasskey, verifyPasskeySignIn } from '@/lib/accounts/passkeys';
import { Secret, TOTP } from 'otpauth';
import { confirmTotp, disableTotp, hasSecondFactor, pendingTotp, startTotpSetup, twoFactorState } from '@/lib/accounts/two-factor';
import { createTestUser, refusal } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';
import { softwareAuthenticator } from '../helpers/webauthn';

// Passkeys against the real database and @simplewebauthn/server, with a software
// authenticator making the browser's answers: every refusal the issue names.

const sql = testSql();
afterAll(() => sql.end());

const rp = relyingPartyOf(new Headers({ host: 'watchpost.test:3000' }));

/** A person with one registered passkey. */
async function withPasskey() {
  const person = await createTestUser('passkey');
  const ctx = person.session;
  const key = softwareAuthenticator(person.userId);
  const options = await passkeyRegistrationOptions({ ctx, rp });
  const { recoveryCodes } = await finishPasskeyRegistration({ ctx, rp, input: { name: 'Laptop', response: key.register(options, rp) } });
  return { ...person, ctx, key, recoveryCodes };
}

describe('passkeys', () => {
  it('takes the host the browser used as RP ID and origin', () => {
    expect(rp).toEqual({ rpID: 'watchpost.test', origin: 'http://watchpost.test:3000' });
    expect(relyingPartyOf(new Headers({ host: '10.0.0.1', 'x-forwarded-host': 'status.example.com', 'x-forwarded-proto': 'https' }))).toEqual({ rpID: 'status.example.com', origin: 'https://status.example.com' });
  });

  it('registers a passkey as a second factor with recovery codes, and signs in with it alone or after the password', async () => {
    const person = await withPasskey();
    expect(person.recoveryCodes).toHaveLength(10);
    expect(await hasSecondFactor(person.userId)).toBe(true);
    expect(await listPasskeys(person.userId)).toMatchObject([{ name: 'Laptop', lastUsedAt: null }]);
    const alone = await passkeySignInOptions({ rp, userId: null });
    expect(alone.allowCredentials ?? []).toEqual([]);
    expect(alone.userVerification).toBe('required');
    expect(await verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(alone, rp, 1) })).toBe(person.userId);
    const second = await passkeySignInOptions({ rp, userId: person.userId });
    expect(second.allowCredentials?.map((credential) => credential.id)).toEqual([person.key.id]);
    expect(await verifyPasskeySignIn({ rp, userId: person.userId, response: person.key.signIn(second, rp, 2) })).toBe(person.userId);
    expect((await listPasskeys(person.userId))[0]!.lastUsedAt).not.toBeNull();
    expect((await twoFactorState(person.userId)).passkeys).toBe(1);
  });

  it('keeps one set of recovery codes across factors: made with the first, gone with the last', async () => {
    const person = await withPasskey();
    await startTotpSetup({ ctx: person.ctx });
    const secret = (await pendingTotp(person.userId))!.secret.replace(/\s/g, '');
    const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
    expect(await confirmTotp({ ctx: person.ctx, input: { code } })).toEqual({ recoveryCodes: null });
    const [passkey] = await listPasskeys(person.userId);
    await removePasskey({ ctx: person.ctx, input: { id: passkey!.id, password: 'a long test password' } });
    expect(await twoFactorState(person.userId)).toMatchObject({ totp: 'on', passkeys: 0, recoveryCodesLeft: 10 });
    await disableTotp({ ctx: person.ctx, input: { password: 'a long test password' } });
    expect(await twoFactorState(person.userId)).toMatchObject({ totp: 'off', passkeys: 0, recoveryCodesLeft: 0 });
    expect(await hasSecondFactor(person.userId)).toBe(false);
  });

  it('refuses a challenge used twice, an expired one, and one made for someone else', async () => {
    const person = await withPasskey();
    const options = await passkeySignInOptions({ rp, userId: null });
    const answer = person.key.signIn(options, rp, 1);
    expect(await verifyPasskeySignIn({ rp, userId: null, response: answer })).toBe(person.userId);
    expect((await refusal(verifyPasskeySignIn({ rp, userId: null, response: answer }))).message).toBe('That passkey request expired or was used already: try again.');
    const late = await passkeySignInOptions({ rp, userId: null });
    await sql`UPDATE webauthn_challenges SET expires_at = now() - interval '1 second' WHERE challenge = ${late.challenge}`;
    expect((await refusal(verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(late, rp, 2) }))).code).toBe('FORBIDDEN');
    // A second-factor challenge is the half-signed-in person's alone.
    const other = await createTestUser('passkey-other');
    const theirs = await passkeySignInOptions({ rp, userId: person.userId });
    expect((await refusal(verifyPasskeySignIn({ rp, userId: other.userId, response: person.key.signIn(theirs, rp, 3) }))).code).toBe('FORBIDDEN');
    // A registration challenge is not a sign-in one.
    const registration = await passkeyRegistrationOptions({ ctx: person.ctx, rp });
    expect((await refusal(verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(registration, rp, 4) }))).code).toBe('FORBIDDEN');
  });

  it('refuses another account’s passkey as the second factor, a wrong origin or RP ID, and a passkey alone without user verification', async () => {
    const person = await withPasskey();
    const other = await withPasskey();
    const forOther = await passkeySignInOptions({ rp, userId: other.userId });
    expect((await refusal(verifyPasskeySignIn({ rp, userId: other.userId, response: person.key.signIn(forOther, rp, 1) }))).message).toBe('That passkey belongs to another account.');
    for (const wrong of [{ origin: 'https://evil.example' }, { rpID: 'evil.example' }]) {
      const options = await passkeySignInOptions({ rp, userId: null });
      expect((await refusal(verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(options, rp, 2, wrong) }))).code).toBe('FORBIDDEN');
    }
    const unverified = await passkeySignInOptions({ rp, userId: null });
    expect((await refusal(verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(unverified, rp, 3, { userVerified: false }) }))).code).toBe('FORBIDDEN');
    // After the password, presence is enough.
    const second = await passkeySignInOptions({ rp, userId: person.userId });
    expect(await verifyPasskeySignIn({ rp, userId: person.userId, response: person.key.signIn(second, rp, 4, { userVerified: false }) })).toBe(person.userId);
    // Registration from another origin is refused too, and nothing is stored.
    const fresh = await createTestUser('passkey-origin');
    const key = softwareAuthenticator(fresh.userId);
    const options = await passkeyRegistrationOptions({ ctx: { userId: fresh.userId }, rp });
    expect((await refusal(finishPasskeyRegistration({ ctx: fresh.session, rp, input: { name: 'x', response: key.register(options, rp, { origin: 'https://evil.example' }) } }))).code).toBe('FORBIDDEN');
    expect(await listPasskeys(fresh.userId)).toEqual([]);
  });

  it('refuses a signature counter that went backwards (a cloned authenticator)', async () => {
    const person = await withPasskey();
    const first = await passkeySignInOptions({ rp, userId: null });
    expect(await verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(first, rp, 7) })).toBe(person.userId);
    const cloned = await passkeySignInOptions({ rp, userId: null });
    const refused = await refusal(verifyPasskeySignIn({ rp, userId: null, response: person.key.signIn(cloned, rp, 5) }));
    expect(refused.message).toMatch(/counter/i);
    const [stored] = await sql`SELECT counter FROM user_passkeys WHERE user_id = ${person.userId}`;
    expect(Number(stored!.counter)).toBe(7);
  });
});

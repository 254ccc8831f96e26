import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { joinWaitlistAction } from '@/app/actions';
import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { resetEnvCache } from '@/lib/env';
import { createInvitations, hashInvitationToken, lookUpInvitation } from '@/lib/waitlist/invitations';
import { JOINED_MESSAGE } from '@/lib/waitlist/join';
import { testSql } from '../helpers/sql';

// The landing page's action runs for real against the database; only the request
// headers Next would provide are stood in for.
let clientIp = '198.51.100.1';
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-watchpost-client-ip': clientIp }),
}));

const sql = testSql();
afterAll(() => sql.end());

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const join = (fields: Record<string, string>) => joinWaitlistAction(null, form(fields));
const entries = () => sql`SELECT email, note, referrer, source, state FROM waitlist_signups ORDER BY created_at, email`;
const entry = async (email: string) => (await sql`SELECT * FROM waitlist_signups WHERE email = ${email}`)[0];

function withRegistration(mode: 'open' | 'invite' | 'closed') {
  process.env.WATCHPOST_REGISTRATION = mode;
  resetEnvCache();
}

const account = (email: string, invite?: string) =>
  signUp({ input: signUpSchema.parse({ email, password: 'a long test password', ...(invite ? { invite } : {}) }) });

describe('joining the waitlist', () => {
  beforeEach(() => {
    clientIp = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
  });

  it('stores the address trimmed and lower-cased with the referrer, utm_source and free text', async () => {
    const state = await join({ email: '  Ada@Example.COM ', note: 'Uptime Kuma, 40 checks', referrer: 'https://news.example/item?id=1', utmSource: 'newsletter' });
    expect(state).toEqual({ ok: true, data: { message: JOINED_MESSAGE } });
    expect(await entry('ada@example.com')).toMatchObject({
      note: 'Uptime Kuma, 40 checks',
      referrer: 'https://news.example/item?id=1',
      source: 'newsletter',
      state: 'waiting',
      created_at: expect.any(Date),
    });
  });

  it('answers a second join exactly like the first and stores nothing new, whoever types the address', async () => {
    const first = await join({ email: 'twice@example.com', note: 'first' });
    clientIp = '198.51.100.250';
    const second = await join({ email: 'TWICE@example.com', note: 'someone else' });
    expect(second).toEqual(first);
    expect(JOINED_MESSAGE).toMatch(/already on the list/);
    const rows = (await entries()).filter((row) => row.email === 'twice@example.com');
    expect(rows).toEqual([expect.objectContaining({ note: 'first' })]);
  });

  it('refuses a malformed address or 10 KB of free text under their fields, storing nothing', async () => {
    const before = (await entries()).length;
    expect(await join({ email: 'not-an-address' })).toMatchObject({ ok: false, fieldErrors: { email: 'Enter an e-mail address like name@example.com.' } });
    expect(await join({ email: '' })).toMatchObject({ ok: false, fieldErrors: { email: 'Enter your e-mail address.' } });
    expect(await join({ email: 'long@example.com', note: 'x'.repeat(10 * 1024) })).toMatchObject({
      ok: false,
      fieldErrors: { note: 'Keep it to 500 characters or fewer.' },
    });
    expect((await entries()).length).toBe(before);
  });

  it('keeps HTML and script in the free text as text', async () => {
    const note = '<script>alert(1)</script><b>bold</b> & "quotes"';
    await join({ email: 'html@example.com', note });
    expect((await entry('html@example.com'))!.note).toBe(note);
  });

  it('drops a bot that fills the hidden field, answering as if it joined', async () => {
    expect(await join({ email: 'bot@example.com', website: 'http://spam.example' })).toEqual({ ok: true, data: { message: JOINED_MESSAGE } });
    expect(await entry('bot@example.com')).toBeUndefined();
  });

  it('turns away a flood from one IP, saying when to retry, and stores none of the excess', async () => {
    process.env.ANONYMOUS_FORM_LIMIT_PER_HOUR = '5';
    resetEnvCache();
    try {
      clientIp = '203.0.113.99';
      const states = [];
      for (let i = 0; i < 8; i++) states.push(await join({ email: `flood${i}@example.com` }));
      expect(states.filter((state) => state?.ok)).toHaveLength(5);
      expect(states.at(-1)).toMatchObject({ ok: false, formError: expect.stringMatching(/^Too many attempts from your network\. Try again in/) });
      const stored = (await entries()).filter((row) => String(row.email).startsWith('flood'));
      expect(stored).toHaveLength(5);
    } finally {
      delete process.env.ANONYMOUS_FORM_LIMIT_PER_HOUR;
      resetEnvCache();
    }
  });
});

describe('registration modes and invitations', () => {
  afterEach(() => withRegistration('open'));

  it('in invite mode, let the first account in, then only invitation links, once each, for their address', async () => {
    withRegistration('invite');
    await sql`DELETE FROM users`;
    await account('operator@example.com');
    await expect(account('walk-in@example.com')).rejects.toThrow(/private beta.*invitation/);

    await join({ email: 'first@example.com', note: 'a' });
    await join({ email: 'second@example.com' });
    await join({ email: 'third@example.com' });
    const [invitation] = await createInvitations({ next: 1, baseUrl: 'https://watchpost.example' });
    expect(invitation).toMatchObject({ email: 'ada@example.com', added: false });
    expect(invitation!.url).toMatch(/^https:\/\/watchpost\.example\/signup\?invite=wpi_[A-Za-z0-9_-]{43}$/);
    const token = new URL(invitation!.url).searchParams.get('invite')!;
    // Only the hash is stored.
    const stored = await sql`SELECT token_hash, expires_at - created_at AS lifetime FROM invitations WHERE email = 'ada@example.com'`;
    expect(stored[0]!.token_hash).toEqual(hashInvitationToken(token));
    expect(JSON.stringify(await sql`SELECT * FROM invitations`)).not.toContain(token);
    expect((await entry('ada@example.com'))!.state).toBe('invited');
    expect(await lookUpInvitation(token)).toEqual({ email: 'ada@example.com' });

    await expect(account('someone-else@example.com', token)).rejects.toThrow('This invitation is for ada@example.com: sign up with that address.');
    const ada = await account('ada@example.com', token);
    expect(await entry('ada@example.com')).toMatchObject({ state: 'converted', user_id: ada.id, converted_at: expect.any(Date) });
    expect(await lookUpInvitation(token)).toEqual({ problem: 'used' });
    await sql`DELETE FROM users WHERE id = ${ada.id}`;
    await expect(account('ada@example.com', token)).rejects.toThrow(/already been used/);
    await expect(account('ada@example.com', 'wpi_forged')).rejects.toThrow(/not valid/);
  });

  it('invite the longest waiting first, skip the invited, and let only the newest link of an address work', async () => {
    await join({ email: 'queue1@example.com' });
    await join({ email: 'queue2@example.com' });
    const waiting = await sql`SELECT email FROM waitlist_signups WHERE state = 'waiting' ORDER BY created_at, id`;
    const firstTwo = await createInvitations({ next: 2, baseUrl: 'http://localhost:3000' });
    expect(firstTwo.map((i) => i.email)).toEqual(waiting.slice(0, 2).map((row) => row.email));
    const again = await createInvitations({ next: 1, baseUrl: 'http://localhost:3000' });
    expect(again[0]!.email).toBe(waiting[2]!.email);

    const [older] = await createInvitations({ emails: ['queue1@example.com'], baseUrl: 'http://localhost:3000' });
    const [newer] = await createInvitations({ emails: ['queue1@example.com'], baseUrl: 'http://localhost:3000' });
    expect(await lookUpInvitation(new URL(older!.url).searchParams.get('invite')!)).toEqual({ problem: 'expired' });
    expect(await lookUpInvitation(new URL(newer!.url).searchParams.get('invite')!)).toEqual({ email: 'queue1@example.com' });

    const [direct] = await createInvitations({ emails: ['colleague@example.com'], baseUrl: 'http://localhost:3000' });
    expect(direct).toMatchObject({ added: true });
    expect(await entry('colleague@example.com')).toMatchObject({ source: 'operator', state: 'invited' });
    await expect(createInvitations({ emails: ['operator@example.com'], baseUrl: 'x' })).rejects.toThrow('Already has an account: operator@example.com.');
  });

  it('refuse an expired invitation, and let only one of two concurrent sign-ups use a link', async () => {
    withRegistration('invite');
    const [late] = await createInvitations({ emails: ['late@example.com'], baseUrl: 'http://localhost:3000' });
    const lateToken = new URL(late!.url).searchParams.get('invite')!;
    await sql`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = 'late@example.com'`;
    await expect(account('late@example.com', lateToken)).rejects.toThrow(/expired/);
    expect(await sql`SELECT 1 FROM users WHERE email = 'late@example.com'`).toHaveLength(0);

    const [race] = await createInvitations({ emails: ['race@example.com'], baseUrl: 'http://localhost:3000' });
    const token = new URL(race!.url).searchParams.get('invite')!;
    const results = await Promise.allSettled([account('race@example.com', token), account('race@example.com', token)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await sql`SELECT 1 FROM users WHERE email = 'race@example.com'`).toHaveLength(1);
  });

  it('in closed mode, refuse everyone, invitation or not, except the first account of an empty instance', async () => {
    withRegistration('closed');
    const [invitation] = await createInvitations({ emails: ['closed@example.com'], baseUrl: 'http://localhost:3000' });
    await expect(account('closed@example.com', new URL(invitation!.url).searchParams.get('invite')!)).rejects.toThrow(
      'This Watchpost server does not accept new accounts.',
    );
    await sql`DELETE FROM users`;
    const results = await Promise.allSettled([account('one@example.com'), account('two@example.com')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('in open mode, mark a waitlisted address converted when it signs up', async () => {
    await join({ email: 'walks-in@example.com' });
    const user = await account('walks-in@example.com');
    expect(await entry('walks-in@example.com')).toMatchObject({ state: 'converted', user_id: user.id });
  });
});

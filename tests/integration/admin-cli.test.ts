import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../helpers/admin';
import { createTestUser } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

// `npm run admin -- …` as an operator runs it: a child process against this file's
// database through DATABASE_URL, mailing through a real SMTP server.

const sql = testSql();

interface Received {
  to: string[];
  subject: string;
  text: string;
}
const received: Received[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) return callback(new Error('550 No such mailbox'));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
          received.push({ to: to.flatMap((a) => a.value.map((v) => v.address ?? '')), subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await sql.end();
});

const admin = (args: string[], env: Record<string, string> = {}) => runAdmin(args, { WATCHPOST_PUBLIC_URL: 'https://watch.example', ...env });

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('npm run admin', () => {
  it('--help lists every command', async () => {
    const { code, stdout } = await admin(['--help']);
    expect(code).toBe(0);
    for (const command of ['set-plan EMAIL free|pro', 'users list', 'stats', 'waitlist list', 'waitlist export --format csv', 'waitlist invite', 'notifications status', 'rotate-encryption-key', 'users reset-password EMAIL', 'users create EMAIL']) {
      expect(stdout).toContain(command);
    }
  });

  it('refuses an unknown command, e-mail or plan with a clear error and a failing exit code', async () => {
    const user = await createTestUser('cli', { plan: 'free' });
    expect(await admin(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command: frobnicate') });
    expect(await admin(['set-plan', 'nobody@example.com', 'pro'])).toMatchObject({ code: 1, stderr: 'Failed: No account has the e-mail nobody@example.com.\n' });
    expect(await admin(['set-plan', user.email, 'gold'])).toMatchObject({ code: 1, stderr: 'Failed: Unknown plan "gold": choose free or pro.\n' });
    expect((await sql`SELECT plan FROM users WHERE id = ${user.userId}`)[0]!.plan).toBe('free');

    expect(await admin(['set-plan', user.email, 'pro'])).toMatchObject({ code: 0, stdout: `${user.email} is now on the pro plan.\n` });
    expect((await sql`SELECT plan FROM users WHERE id = ${user.userId}`)[0]!.plan).toBe('pro');
    const listed = await admin(['users', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${user.email.replace('.', '\\.')}\\s+pro\\s+0\\s+0\\s+\\d{4}-`, 'm'));
  });

  it('invites from the waitlist: links on WATCHPOST_PUBLIC_URL, printed and e-mailed, and the entries marked invited', async () => {
    await sql`INSERT INTO waitlist_signups (email, created_at) VALUES ('old@example.com', now() - interval '2 days'), ('new@example.com', now())`;
    const { code, stdout } = await admin(['waitlist', 'invite', '--next', '1'], { WATCHPOST_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, WATCHPOST_MAIL_FROM: 'Watchpost <beta@watch.example>' });
    expect(code).toBe(0);
    const link = stdout.match(/^old@example\.com: (https:\/\/watch\.example\/signup\?invite=wpi_\S+) — e-mailed$/m)?.[1];
    expect(link).toBeDefined();
    const mail = received.find((m) => m.to.includes('old@example.com'));
    expect(mail).toMatchObject({ subject: 'Your invitation to the Watchpost beta' });
    expect(mail!.text).toContain(link!);
    const states = await sql`SELECT email, state FROM waitlist_signups WHERE email IN ('old@example.com', 'new@example.com') ORDER BY email`;
    expect(states.map((r) => `${r.email}:${r.state}`)).toEqual(['new@example.com:waiting', 'old@example.com:invited']);

    const stats = await admin(['stats']);
    expect(stats.stdout).toMatch(/^Waitlist:\s+waiting \d+\s+invited \d+\s+converted \d+$/m);
  });

  it('says which mails failed and exits 1, while the links it printed still work', async () => {
    const { code, stdout, stderr } = await admin(['waitlist', 'invite', 'bounce@example.com'], { WATCHPOST_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^bounce@example\.com \(added to the waitlist\): https:\/\/watch\.example\/signup\?invite=\S+ — NOT e-mailed: .*550/m);
    expect(stderr).toContain('1 invitation(s) could not be e-mailed; their links above still work.');
  });

  it('prints the links without SMTP, and refuses a bad address', async () => {
    const { code, stdout } = await admin(['waitlist', 'invite', 'nomail@example.com']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^nomail@example\.com \(added to the waitlist\): https:\/\/watch\.example\/signup\?invite=wpi_\S+$/m);
    expect(stdout).toContain('WATCHPOST_SMTP_URL is not set: send them yourself.');
    expect(await admin(['waitlist', 'invite', 'not-an-address'])).toMatchObject({ code: 1, stderr: 'Failed: "not-an-address" is not an e-mail address.\n' });
  });

  it('prints a one-time password link, makes local accounts, and refuses what it cannot do', async () => {
    const user = await createTestUser('cli-reset');
    const reset = await admin(['users', 'reset-password', user.email.toUpperCase()]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(new RegExp(`^One-time link to set the password of ${user.email.replace(/[.]/g, '\\.')} and sign in \\(until \\d{4}-\\S+Z\\):\nhttps://watch\\.example/reset-password\\?token=\\S+\n$`));
    expect(await admin(['users', 'reset-password', 'nobody@example.com'])).toMatchObject({ code: 1, stderr: 'Failed: There is no account for nobody@example.com: `users create nobody@example.com` makes one.\n' });
    expect(await admin(['users', 'reset-password'])).toMatchObject({ code: 2, stderr: 'users reset-password takes one e-mail address: users reset-password EMAIL\n' });
    expect(await admin(['users', 'create', 'not-an-address'])).toMatchObject({ code: 1, stderr: 'Failed: "not-an-address" is not an e-mail address.\n' });

    // Whatever the registration mode, without a password until the link sets one.
    const made = await admin(['users', 'create', 'local-admin@example.com'], { WATCHPOST_REGISTRATION: 'closed' });
    expect(made).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Made the account local-admin@example\.com\.\nOne-time link/) });
    expect((await sql`SELECT password_hash FROM users WHERE email = 'local-admin@example.com'`)[0]!.password_hash).toBe('!');
    expect(await admin(['users', 'create', 'local-admin@example.com'])).toMatchObject({ code: 1, stderr: 'Failed: There is an account for local-admin@example.com already: `users reset-password local-admin@example.com` gives it a new password.\n' });
  });

  it('shows the notification outbox', async () => {
    const user = await createTestUser('outbox');
    await sql`INSERT INTO notification_channels (user_id, name, kind, secrets_encrypted, failing_since) VALUES (${user.userId}, 'hook', 'webhook', '\\x00', now())`;
    await sql`
      WITH ev AS (INSERT INTO notification_events (user_id, kind, payload) SELECT ${user.userId}, 'test', '{}'::jsonb FROM generate_series(1, 3) RETURNING id)
      INSERT INTO notification_deliveries (event_id, channel_id, due_at, attempts)
      SELECT ev.id, c.id, now() - interval '90 seconds', 0 FROM ev, notification_channels c WHERE c.user_id = ${user.userId}`;
    const { code, stdout } = await admin(['notifications', 'status']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Queued:\s+3$/m);
    expect(stdout).toMatch(/^Oldest due:\s+(9\d|1\d\d) s ago$/m);
    expect(stdout).toMatch(/^Failing channels:\s+1$/m);
  });

  it('exports the waitlist as RFC 4180 CSV with formulas made inert', async () => {
    const note = '=HYPERLINK("http://evil.example","click"), then\na second line';
    await sql`INSERT INTO waitlist_signups (email, note, source, referrer) VALUES ('csv@example.com', ${note}, '@utm', '+ref'), ('tab@example.com', ${'\tcmd'}, '-1', NULL)`;
    const { code, stdout } = await admin(['waitlist', 'export', '--format', 'csv']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expect(rows[0]).toEqual(['email', 'state', 'joined_at', 'utm_source', 'referrer', 'what_they_monitor', 'invited_at', 'converted_at']);
    const csv = rows.find((row) => row[0] === 'csv@example.com')!;
    expect(csv.slice(3, 6)).toEqual(["'@utm", "'+ref", `'${note}`]);
    const tab = rows.find((row) => row[0] === 'tab@example.com')!;
    expect(tab.slice(3, 6)).toEqual(["'-1", '', "'\tcmd"]);
    expect(rows.every((row) => row.length === 8)).toBe(true);
    expect(await admin(['waitlist', 'export', '--format', 'xlsx'])).toMatchObject({ code: 2 });
  });
});

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { smtpPort } from '../../playwright.config';
import { addAgent, addMonitor, expect, signUp, test, uniqueEmail } from './helpers';

// A visitor subscribes to a status page by e-mail, confirms from the mail the server sent
// (to a local SMTP server this test runs on the port the app is configured with), gets the
// next update, and leaves with the unsubscribe link.

interface Mail {
  to: string;
  subject: string;
  text: string;
  headers: Map<string, string>;
}

test('subscribe, confirm from the received e-mail, get the next update, unsubscribe', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? '';
        mails.push({ to, subject: mail.subject ?? '', text: mail.text ?? '', headers: new Map(mail.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).trim()])) });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
  try {
    const reader = uniqueEmail('reader');
    const mailTo = (subject: RegExp) => expect.poll(() => mails.find((m) => m.to === reader && subject.test(m.subject)), { timeout: 30_000 }).toBeTruthy();
    const find = (subject: RegExp) => mails.find((m) => m.to === reader && subject.test(m.subject))!;

    await signUp(page, uniqueEmail('subs-owner'));
    await addAgent(page, 'Subs probe');
    await addMonitor(page, { name: 'subs-api', type: 'http', target: 'https://api.subs.example/health' });
    await page.goto('/status-pages');
    await page.getByLabel('Title').fill('Subs status');
    const slug = `subs-${Date.now()}`;
    await page.getByLabel('Address').fill(slug);
    await page.getByRole('button', { name: 'Create status page' }).click();
    await expect(page.getByText('Status page created.')).toBeVisible();
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add component' }) });
    await form.getByLabel('Component name').fill('API');
    await form.getByLabel('subs-api').check();
    await form.getByRole('button', { name: 'Add component' }).click();
    await expect(page.getByText('Backed by subs-api')).toBeVisible();
    const settingsUrl = page.url();

    // The visitor subscribes from the public page.
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await visitor.newPage();
    await phone.goto(`/s/${slug}`);
    await phone.getByLabel('Email address').fill(reader);
    await phone.getByRole('button', { name: 'Subscribe' }).click();
    await expect(phone.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();

    await mailTo(/^Confirm your subscription to Subs status$/);
    const confirmation = find(/^Confirm/);
    expect(confirmation.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const confirmUrl = /(http\S+\/subscription\/confirm\?\S+)/.exec(confirmation.text)![1]!;
    await phone.goto(confirmUrl);
    await phone.getByRole('button', { name: 'Confirm subscription' }).click();
    await expect(phone.getByRole('heading', { name: 'You are subscribed' })).toBeVisible();

    // The owner posts, then updates: both reach the subscriber.
    await page.goto(settingsUrl);
    await page.getByRole('link', { name: 'Write a post' }).click();
    await page.getByLabel('Post title').fill('Slow API');
    await page.getByLabel('API', { exact: true }).check();
    await page.getByLabel('Message').fill('Requests take **seconds**.');
    await page.getByRole('button', { name: 'Publish post' }).click();
    await expect(page.getByText('Post published on the status page.')).toBeVisible();
    await mailTo(/Investigating: Slow API$/);
    await page.getByLabel('State').selectOption('resolved');
    await page.getByLabel('Message').fill('Back to normal.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await expect(page.getByText('Update posted.')).toBeVisible();
    await mailTo(/Resolved: Slow API$/);
    const update = find(/Resolved: Slow API$/);
    expect(update.text).toContain('Back to normal.');
    expect(update.text).toContain('Affects: API');

    // The unsubscribe link in the mail: a button, then gone.
    const unsubscribeUrl = /Unsubscribe \(one click\): (\S+)/.exec(update.text)![1]!;
    expect(update.headers.get('list-unsubscribe')).toBe(`<${unsubscribeUrl}>`);
    await phone.goto(unsubscribeUrl);
    await phone.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(phone.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();
    await visitor.close();
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
});

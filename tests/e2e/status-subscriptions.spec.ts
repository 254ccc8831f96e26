import { smtpPort } from '../../playwright.config';
import { collectMail } from '../helpers/smtp';
import { addAgent, addMonitor, addStatusPage, expect, signUp, test, uniqueEmail } from './helpers';

// A visitor subscribes to a status page by e-mail, confirms from the mail the server sent
// (to a local SMTP server this test runs on the port the app is configured with), gets the
// next update, and leaves with the unsubscribe link.

test('subscribe, confirm from the received e-mail, get the next update, unsubscribe', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { mails, close } = await collectMail(smtpPort);
  try {
    const reader = uniqueEmail('reader');
    const mailTo = (subject: RegExp) => expect.poll(() => mails.find((m) => m.to === reader && subject.test(m.subject)), { timeout: 30_000 }).toBeTruthy();
    const find = (subject: RegExp) => mails.find((m) => m.to === reader && subject.test(m.subject))!;

    await signUp(page, uniqueEmail('subs-owner'));
    await addAgent(page, 'Subs probe');
    await addMonitor(page, { name: 'subs-api', type: 'http', target: 'https://api.subs.example/health' });
    const slug = await addStatusPage(page, 'Subs status', [['API', 'subs-api']]);
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
    await expect(page.getByTestId('subscriber-counts')).toHaveText('1 subscriber.');
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
    await close();
  }
});

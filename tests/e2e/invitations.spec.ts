import { inviteBaseURL } from '../../playwright.config';
import { admin, expect, PASSWORD, test, uniqueEmail } from './helpers';

// A second server runs with WATCHPOST_REGISTRATION=invite. The operator's CLI runs
// against its embedded database, as an operator would on that machine.

test.use({ baseURL: inviteBaseURL });

test('by invitation: the operator signs up first, a prospect waits, gets a link, registers with it once', async ({ browser }) => {
  test.setTimeout(90_000);
  const operator = await browser.newContext();
  const operatorPage = await operator.newPage();
  await operatorPage.goto('/signup');
  await expect(operatorPage.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await expect(operatorPage.getByText(/the first one is the operator’s/)).toBeVisible();
  await operatorPage.getByLabel('E-mail').fill(uniqueEmail('operator'));
  await operatorPage.getByLabel('Password').fill(PASSWORD);
  await operatorPage.getByRole('button', { name: 'Create account' }).click();
  await expect(operatorPage).toHaveURL(/\/dashboard$/);
  await operator.close();

  // Without an invitation: the beta is explained and the waitlist offered, no account form.
  const prospect = await browser.newContext();
  const page = await prospect.newPage();
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Watchpost is in private beta' })).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  const email = uniqueEmail('invited');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(page.getByRole('status')).toContainText("You're on the list.");

  const printed = await admin(['waitlist', 'invite', email], 'invite');
  const link = printed.match(/: (http:\/\/127\.0\.0\.1:\d+\/signup\?invite=wpi_\S+)$/m)?.[1];
  expect(link, printed).toBeDefined();

  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'Welcome to the beta' })).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await expect(page.getByLabel('E-mail')).not.toBeEditable();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await prospect.close();

  const again = await browser.newPage();
  await again.goto(link!);
  await expect(again.getByRole('heading', { name: 'Invitation not valid' })).toBeVisible();
  await expect(again.getByRole('alert').filter({ hasText: 'This invitation has already been used. Sign in instead, or ask for a new invitation.' })).toBeVisible();
  expect(await admin(['waitlist', 'list', '--state', 'converted'], 'invite')).toContain(email);
  await again.close();
});

import { expect, PASSWORD, signIn, signOut, signUp, test, uniqueEmail } from './helpers';

test('sign up, sign out, and sign in again back on the page first asked for', async ({ page }) => {
  const email = uniqueEmail('journey');
  await signUp(page, email);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start with an agent' })).toBeVisible();
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await expect(page.getByText('free plan')).toBeVisible();

  await signOut(page);

  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
  await signIn(page, email.toUpperCase());
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});

test('a wrong password is refused next to the form, keeping the e-mail typed', async ({ page }) => {
  const email = uniqueEmail('wrong');
  await signUp(page, email);
  await signOut(page);
  await signIn(page, email, 'not the password at all');
  await expect(page.locator('form').getByRole('alert')).toHaveText('Incorrect e-mail or password.');
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await expect(page).toHaveURL(/\/login/);

  // An unknown e-mail gets exactly the same words.
  await signIn(page, uniqueEmail('nobody'), 'not the password at all');
  await expect(page.locator('form').getByRole('alert')).toHaveText('Incorrect e-mail or password.');
});

test('sign-up refuses a taken e-mail and a common password, under the field', async ({ page }) => {
  const email = uniqueEmail('taken');
  await signUp(page, email);
  await signOut(page);

  await page.goto('/signup');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('An account with this e-mail already exists. Sign in instead.')).toBeVisible();

  await page.getByLabel('E-mail').fill(uniqueEmail('common'));
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('This password is one of the most common ones; choose another.')).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test('an open redirect in ?next= lands on the dashboard instead', async ({ page }) => {
  const email = uniqueEmail('redirect');
  await signUp(page, email);
  await signOut(page);
  await page.goto('/login?next=//evil.example/steal');
  await signIn(page, email);
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/dashboard$/);
});

test('changing the password signs out every other session', async ({ browser }) => {
  const email = uniqueEmail('change');
  const laptop = await browser.newPage();
  const phone = await browser.newPage();
  await signUp(laptop, email);
  await phone.goto('/login');
  await signIn(phone, email);
  await expect(phone).toHaveURL(/\/dashboard$/);

  await laptop.goto('/settings');
  await laptop.getByLabel('Current password').fill(PASSWORD);
  await laptop.getByLabel('New password', { exact: true }).fill('an even longer new secret');
  await laptop.getByLabel('Repeat the new password').fill('an even longer new secret');
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await expect(laptop.getByText('Your password was changed. Your other sessions were signed out.')).toBeVisible();

  // The laptop stays signed in; the phone's session is dead at its next request.
  await laptop.goto('/dashboard');
  await expect(laptop.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await phone.goto('/dashboard');
  await expect(phone).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await laptop.close();
  await phone.close();
});

test('a form posted without the session cookie changes nothing; deleting the account works with it', async ({
  page,
  playwright,
  baseURL,
}) => {
  const email = uniqueEmail('delete');
  await signUp(page, email);
  await page.goto('/settings');

  // A wrong password is refused under the field; keep that post to forge one from it.
  const [posted] = await Promise.all([
    page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/settings'),
    (async () => {
      await page.getByLabel('Your password, to confirm').fill('not my password');
      await page.getByRole('button', { name: 'Delete my account' }).click();
    })(),
  ]);
  await expect(page.getByText('That is not your current password.')).toBeVisible();

  // Forged: the same action with the right password, from a client without the session cookie.
  const stranger = await playwright.request.newContext({ baseURL });
  const headers = await posted.allHeaders();
  const forged = await stranger.post('/settings', {
    headers: { 'next-action': headers['next-action']!, 'content-type': headers['content-type']!, accept: 'text/x-component' },
    data: posted.postDataBuffer()!.toString('latin1').replace('not my password', PASSWORD),
    maxRedirects: 0,
  });
  expect(forged.headers()['x-action-redirect']).toMatch(/^\/login/);
  await stranger.dispose();
  await page.goto('/settings');
  await expect(page.getByTestId('account-email')).toHaveText(email);

  await page.getByLabel('Your password, to confirm').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login\?notice=deleted$/);
  await expect(page.getByText('Your account and everything in it were deleted.')).toBeVisible();
  await signIn(page, email);
  await expect(page.locator('form').getByRole('alert')).toHaveText('Incorrect e-mail or password.');
});

test('the sessions page lists each browser and signs out one, then every other', async ({ browser }) => {
  // Three browsers and four sign-ins: a long journey on a busy 2-core machine.
  test.setTimeout(60_000);
  const email = uniqueEmail('sessions');
  const laptop = await browser.newPage();
  const phone = await (await browser.newContext({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1' })).newPage();
  await signUp(laptop, email);
  await phone.goto('/login');
  await signIn(phone, email);
  await expect(phone).toHaveURL(/\/dashboard$/);

  await laptop.goto('/settings');
  await laptop.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Sessions' }).click();
  const rows = laptop.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Chrome on Linux');
  await expect(rows.nth(0)).toContainText('this session');
  await expect(rows.nth(0)).toContainText('127.0.0.1');
  await expect(rows.nth(1)).toContainText('Safari on iOS');
  await expect(rows.nth(0).getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  await laptop.getByRole('form', { name: 'Sign out Safari on iOS' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(rows).toHaveCount(1);
  await phone.goto('/dashboard');
  await expect(phone).toHaveURL(/\/login\?next=%2Fdashboard$/);

  // Signed in again twice: "everywhere else" ends both, and the laptop stays in.
  await signIn(phone, email);
  await expect(phone).toHaveURL(/\/dashboard$/);
  const tablet = await browser.newPage();
  await tablet.goto('/login');
  await signIn(tablet, email);
  await expect(tablet).toHaveURL(/\/dashboard$/);
  await laptop.reload();
  await expect(rows).toHaveCount(3);
  await laptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(laptop.getByText('2 other sessions were signed out.')).toBeVisible();
  await expect(rows).toHaveCount(1);
  for (const page of [phone, tablet]) {
    await page.goto('/settings');
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
  }
  await laptop.goto('/dashboard');
  await expect(laptop.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});

test('sign out everywhere ends this session too'
, async ({ page }) => {
  await signUp(page, uniqueEmail('everywhere'));
  await page.goto('/settings/sessions');
  await page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
  await expect(page.getByText('You were signed out on every device.')).toBeVisible();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test('a page load rolls the session cookie on; an in-page request does not', async ({ page }) => {
  await signUp(page, uniqueEmail('roll'));
  const load = await page.request.get('/settings');
  expect(load.headers()['set-cookie'] ?? '').toContain('authjs.session-token=');
  // A prefetch or refresh (Next.js's RSC header) in flight during a sign-in must not bring the old cookie back.
  const prefetch = await page.request.get('/settings', { headers: { RSC: '1', 'Next-Router-Prefetch': '1', 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors' } });
  expect(prefetch.status()).toBe(200);
  expect(prefetch.headers()['set-cookie'] ?? '').not.toContain('authjs.session-token=');
});

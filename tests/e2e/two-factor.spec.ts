import { Secret, TOTP } from 'otpauth';
import { expect, PASSWORD, signIn, signOut, signUp, test, uniqueEmail } from './helpers';

// Two-factor sign-in as a person turns it on and uses it: the key read off the page, codes
// computed here as an authenticator app would, the second step, a recovery code used once.

const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate({ timestamp });

test('turn on an authenticator app, sign in with a code, then with a recovery code once', async ({ page, context }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('two-factor');
  await signUp(page, email);

  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('setup-1280.png') });
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  await page.getByLabel('Code from the app').fill(codeAt(secret, Date.now()));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
  const codes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((code) => code.trim());
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await page.getByRole('link', { name: 'I have saved them' }).click();
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('10 of 10 left.');

  // The password alone no longer signs in: the second step does, and its marker opens nothing else.
  await signOut(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/login\/verify$/);
  const marker = (await context.cookies()).find((cookie) => cookie.name === 'watchpost-second-step');
  expect(marker).toMatchObject({ httpOnly: true, path: '/login', sameSite: 'Lax' });
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  expect((await page.request.get('/api/v1/monitors')).status()).toBe(401);
  await page.goto('/login/verify');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath('second-step-390.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('Authentication code').fill('123456');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right, or it was used already.')).toBeVisible();
  // The next step's code (the one that turned the app on was this step's, and is used up).
  await page.getByLabel('Authentication code').fill(codeAt(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await context.cookies()).find((cookie) => cookie.name === 'watchpost-second-step')).toBeUndefined();

  // A recovery code signs in once.
  await signOut(page);
  await signIn(page, email);
  await page.getByLabel('Authentication code').fill(codes[0]!.toUpperCase());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut(page);
  await signIn(page, email);
  await page.getByLabel('Authentication code').fill(codes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right, or it was used already.')).toBeVisible();
  await page.getByLabel('Authentication code').fill(codes[1]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/settings/security');
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('8 of 10 left.');

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`security-${width}.png`), fullPage: true });
  }
});

test('a team that requires two-factor sign-in shows a member without it only the page to set it up', async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, uniqueEmail('policy-admin'));
  await page.goto('/settings/team');
  await page.getByLabel('New team name').fill('Secure crew');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByLabel('Team', { exact: true }).locator('option:checked')).toHaveText('Secure crew');
  // With the team switcher beside the whole nav, the header keeps one line at 1280 px.
  await page.setViewportSize({ width: 1280, height: 800 });
  expect((await page.locator('header').boundingBox())!.height).toBeLessThan(70);
  // Refused while the admin would lock themselves out.
  await page.getByRole('button', { name: 'Require two-factor sign-in' }).click();
  await expect(page.getByText('Set up two-factor sign-in for yourself first')).toBeVisible();

  const turnOn = async () => {
    await page.goto('/settings/security');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
  };
  await turnOn();
  await page.goto('/settings/team');
  await page.getByRole('button', { name: 'Require two-factor sign-in' }).click();
  await expect(page.getByTestId('two-factor-policy')).toContainText('Required');
  await expect(page.getByTestId('two-factor-policy')).toContainText('Every member has set it up.');

  // Without a second factor (turned off here), the team's pages and exports lead only to Settings → Security.
  await page.goto('/settings/security');
  await page.getByLabel('Your password, to turn it off').fill(PASSWORD);
  await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
  await expect(page.getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible();
  for (const path of ['/dashboard', '/monitors', '/settings/team', '/settings/audit']) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/settings\/security\?required=team$/);
  }
  await expect(page.getByRole('status').filter({ hasText: 'requires two-factor sign-in' })).toContainText('“Secure crew” requires two-factor sign-in');
  expect((await page.request.get('/settings/audit/export')).status()).toBe(403);
  await page.screenshot({ path: test.info().outputPath('policy-gate-1280.png') });

  await turnOn();
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/settings/audit');
  await expect(page.getByRole('table')).toContainText('two factor required');
});

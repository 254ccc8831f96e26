import type { CDPSession, Page } from '@playwright/test';
import { baseURL } from '../../playwright.config';
import { expect, PASSWORD, signIn, signOut, signUp, test, uniqueEmail } from './helpers';

// Passkeys through Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain):
// register one, sign in with it alone, then use it as the second step after the password.
// WebAuthn needs a host name, not an IP address: this file talks to the same server as localhost.

test.use({ baseURL: baseURL.replace('127.0.0.1', 'localhost') });

async function virtualAuthenticator(page: Page): Promise<{ client: CDPSession; authenticatorId: string }> {
  const client = await page.context().newCDPSession(page);
  await client.send('WebAuthn.enable');
  const { authenticatorId } = await client.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { client, authenticatorId };
}

test('register a passkey, sign in with it alone, and use it as the second step', async ({ page }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('passkey');
  await signUp(page, email);
  const { client, authenticatorId } = await virtualAuthenticator(page);

  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('Name the passkey, e.g. Work laptop.')).toBeVisible();
  await page.getByLabel('Passkey name').fill('Test key');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('Passkey “Test key” added.')).toBeVisible();
  // The first second factor comes with the recovery codes, shown once.
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  const { credentials } = await client.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);
  await page.reload();
  await expect(page.getByTestId('passkey')).toContainText('Test key');
  await expect(page.getByTestId('passkey')).toContainText('never');

  // Alone: no e-mail typed; the device verifies the person.
  await signOut(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // As the second step after the password.
  await signOut(page);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/settings/security');
  await expect(page.getByTestId('passkey')).not.toContainText('never');

  // Removed (with the password), it signs in no more, and with it go the recovery codes.
  await page.getByLabel('Your password, to remove it').fill(PASSWORD);
  await page.getByRole('button', { name: 'Remove passkey' }).click();
  await expect(page.getByText('No passkey yet.')).toBeVisible();
  await expect(page.getByText('Made when you add an authenticator app or a passkey.')).toBeVisible();
  await signOut(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByText('That passkey is not (or no longer) registered with Watchpost.')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`login-${width}.png`), fullPage: true });
  }
});

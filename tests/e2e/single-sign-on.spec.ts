import type { Page } from '@playwright/test';
import { ssoBaseURL } from '../../playwright.config';
import { admin, expect, signOut, signUp, test, uniqueEmail } from './helpers';

// Single sign-on against a real OpenID provider (tests/e2e/oidc-idp.ts, `oidc-provider`):
// the main instance offers it beside passwords ("Sign in with Acme ID"); a third instance
// signs in through it only (WATCHPOST_PASSWORD_LOGIN=false, registration closed except for
// sso.example).

/** The provider's development login page: any login name (the e-mail it vouches for). */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('whatever the provider wants');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

async function singleSignOn(page: Page, login: string, button = 'Sign in with Acme ID'): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await signInAtProvider(page, login);
}

const NOT_VERIFIED = 'Single sign-on did not complete, and nobody was signed in: the identity provider could not be reached, or its answer failed Watchpost’s checks. Try again; if it keeps failing, tell the server’s operator.';

/** The page's message (not Next.js's empty route announcer, also an alert). */
const problem = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });

async function expectSignedOut(page: Page, origin = ''): Promise<void> {
  await page.goto(`${origin}/dashboard`);
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
}

test('a new person signs in through the provider and lands on the dashboard; an existing account is linked by its verified e-mail', async ({ page, browser }) => {
  const email = uniqueEmail('sso-new');
  await page.goto('/settings/sessions');
  await singleSignOn(page, email);
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await expect(page.getByTestId('session-row')).toHaveCount(1);
  // Made by single sign-on: no password yet, and Settings offers to set one.
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Set a password' })).toBeVisible();
  await expect(page.getByLabel('Current password')).toHaveCount(0);

  // A password account, then the same verified e-mail through the provider: the same account.
  const existing = uniqueEmail('sso-existing');
  const laptop = await browser.newPage();
  await signUp(laptop, existing);
  await signOut(laptop);
  await laptop.goto('/login');
  await singleSignOn(laptop, existing);
  await expect(laptop).toHaveURL(/\/dashboard$/);
  await expect(laptop.getByTestId('account-email')).toHaveText(existing);
  await laptop.goto('/settings');
  await expect(laptop.getByRole('heading', { name: 'Change password' })).toBeVisible();
});

// An ID token with one claim spoiled (fault-<kind>-… at the provider), and a forged `state`
// in the redirect back (the state cookie there): each refused with the message, nobody signed in.
for (const fault of ['nonce', 'nonce-missing', 'issuer', 'audience', 'expired', 'state']) {
  test(`an answer with a bad ${fault} is refused with a clear page, and nobody is signed in`, async ({ page }) => {
    await page.goto('/login');
    await singleSignOn(page, uniqueEmail(`fault-${fault}`));
    await expect(page).toHaveURL(/\/login\?error=/);
    await expect(problem(page)).toHaveText(NOT_VERIFIED);
    await expectSignedOut(page);
  });
}

test('an e-mail the provider has not verified is refused, and nobody is signed in', async ({ page }) => {
  await page.goto('/login');
  await singleSignOn(page, uniqueEmail('unverified'));
  await expect(page).toHaveURL(/\/login\?error=sso_unverified$/);
  await expect(problem(page)).toHaveText(
    'Your identity provider did not confirm your e-mail address, so it cannot sign you in to Watchpost. Ask its administrator to verify the address.',
  );
  await expectSignedOut(page);
});

test.describe('single sign-on only', () => {
  // One after the other, in one worker: the first makes the instance's first account.
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    // The instance's first account (the operator's), so registration's "closed" applies to everyone after.
    await admin(['users', 'create', 'first-operator@ops.example'], 'sso');
  });

  test('hides password sign-in and sign-up, admits the allowed domain, and refuses others', async ({ page, browser }) => {
    await page.goto(`${ssoBaseURL}/login`);
    await expect(page.getByLabel('Password')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
    await expect(page.getByText('This server signs people in through single sign-on only.')).toBeVisible();
    await page.goto(`${ssoBaseURL}/signup`);
    await expect(page.getByText('Accounts here are made by single sign-on: use the sign-in page’s single sign-on button.')).toBeVisible();

    await page.goto(`${ssoBaseURL}/login`);
    const email = uniqueEmail('dana').replace(/@.*/, '@sso.example');
    await singleSignOn(page, email, 'Single sign-on');
    await expect(page).toHaveURL(`${ssoBaseURL}/dashboard`);
    await expect(page.getByTestId('account-email')).toHaveText(email);

    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${ssoBaseURL}/login`);
    await singleSignOn(stranger, uniqueEmail('eve'), 'Single sign-on');
    await expect(stranger).toHaveURL(`${ssoBaseURL}/login?error=sso_not_allowed`);
    await expect(problem(stranger)).toHaveText('There is no Watchpost account for this e-mail address, and this server does not make one for it. Ask an administrator to invite you.');
    await expectSignedOut(stranger, ssoBaseURL);
  });

  test("the operator's one-time link sets a password and signs in, once; the password itself signs in nowhere", async ({ page, playwright }) => {
    const output = await admin(['users', 'reset-password', 'first-operator@ops.example'], 'sso');
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(output)![1]!;
    await page.goto(link.replace(/^http:\/\/[^/]+/, ssoBaseURL));
    await expect(page.getByRole('heading', { name: 'Set your password' })).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill('break glass password');
    await page.getByLabel('Repeat the new password').fill('break glass password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(page).toHaveURL(`${ssoBaseURL}/settings?notice=password-set`);
    await expect(page.getByText('Your password is set. Your other sessions were signed out.')).toBeVisible();
    await expect(page.getByTestId('account-email')).toHaveText('first-operator@ops.example');

    await page.goto(link.replace(/^http:\/\/[^/]+/, ssoBaseURL));
    await expect(problem(page)).toHaveText('This link has expired or was used already. Ask the server’s operator for a new one.');
    // With the right password, straight to Auth.js's credentials callback: refused, no session.
    const api = await playwright.request.newContext({ baseURL: ssoBaseURL });
    const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const posted = await api.post('/api/auth/callback/credentials', { form: { csrfToken, email: 'first-operator@ops.example', password: 'break glass password' }, maxRedirects: 0 });
    expect(posted.headers().location).toMatch(/\/login\?error=CredentialsSignin&code=password_off$/);
    expect((await api.storageState()).cookies.map((cookie) => cookie.name)).not.toContain('authjs.session-token');
    expect(await (await api.get('/api/auth/session')).json()).toBeNull();
    await api.dispose();
  });
});

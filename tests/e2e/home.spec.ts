import { expect, test } from './helpers';

test('the home page says what Watchpost is and leads to sign in and sign up', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Watchpost/);
  await expect(page.getByRole('heading', { level: 1, name: 'Watchpost' })).toBeVisible();
  await expect(page.getByText(/Self-hostable uptime monitoring/)).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  await expect(nav.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/signup');
});

test('/api/health says ok with the embedded database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok', version: expect.any(String) });
});

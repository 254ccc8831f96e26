import { admin, expect, signUp, test, uniqueEmail } from './helpers';

test('a push monitor: set its schedule, copy its ping URL, ping it as a job would and see it up; miss a run and see it down', async ({ page, context, request }) => {
  // The miss takes the period and the grace (10 s each) plus the leader's sweep (every 5 s).
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const email = uniqueEmail('push');
  await signUp(page, email);
  // Periods under a minute are the pro plan's.
  await admin(['set-plan', email, 'pro']);

  await page.goto('/monitors/new');
  await page.getByLabel('Name', { exact: true }).fill('Nightly backup');
  await page.getByLabel('Type').selectOption('push');
  await expect(page.getByLabel('Agent')).toHaveCount(0);
  // A cron expression with four fields is refused under its field, keeping the choices made.
  await page.getByLabel('Expect a ping').selectOption('cron');
  await page.getByLabel('Cron expression').fill('0 3 * *');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.getByText(/A cron expression has 5 fields/)).toBeVisible();
  await expect(page.getByLabel('Type')).toHaveValue('push');
  await expect(page.getByLabel('Cron expression')).toHaveValue('0 3 * *');

  await page.getByLabel('Expect a ping').selectOption('period');
  await page.getByLabel('Period').fill('10s');
  await page.getByLabel('Grace time').fill('10s');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page).toHaveURL(/\/monitors\?notice=created$/);
  await expect(page.getByText('every 10 s')).toBeVisible();
  await page.getByRole('link', { name: 'Nightly backup' }).first().click();

  const status = page.getByRole('heading', { name: 'Nightly backup' }).locator('xpath=following-sibling::span[1]');
  await expect(status).toHaveText('unknown');
  const pingUrl = (await page.getByTestId('ping-url').textContent())!.trim();
  expect(pingUrl).toMatch(/^http:\/\/127\.0\.0\.1:3100\/ping\/wpp_[A-Za-z0-9_-]{32}$/);
  await page.getByRole('button', { name: 'Copy ping URL' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pingUrl);
  await expect(page.getByText(`curl -fsS -m 10 --retry 5 -o /dev/null ${pingUrl}`)).toBeVisible();

  // The job runs and posts its output.
  const response = await request.post(pingUrl, { data: 'backup finished: 1,204 files' });
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe('OK\n');
  await page.reload();
  await expect(status).toHaveText('up');
  await expect(page.getByTestId('last-output')).toHaveText('backup finished: 1,204 files');

  // No more pings: down once the period and the grace have passed.
  await expect(async () => {
    await page.reload();
    await expect(status).toHaveText('down', { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await expect(page.getByRole('cell', { name: /^No ping arrived by .* UTC \(expected at .* UTC, grace 10 s\)\.$/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Incidents' }).click();
  await expect(page.getByRole('link', { name: 'Nightly backup' }).first()).toBeVisible();
});

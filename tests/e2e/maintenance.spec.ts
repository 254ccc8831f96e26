import { addAgent, addMonitor, addStatusPage, expect, signUp, test, uniqueEmail } from './helpers';

// A user schedules maintenance that is under way: a bad end is refused, then the window is
// created; the dashboard and the public status page say maintenance instead of down; the
// window is extended, then ended early, and the page is back to normal.

const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test('schedule maintenance, see it on the dashboard and the status page, extend it and end it early', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('maint'));
  await addAgent(page, 'Maint probe');
  await addMonitor(page, { name: 'maint-db', type: 'tcp', target: 'db.maint.example:5432' });
  const slug = await addStatusPage(page, 'Maint status', [['Database', 'maint-db']]);

  await page.getByRole('link', { name: 'Maintenance' }).click();
  await expect(page.getByText('No maintenance planned.')).toBeVisible();
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  await page.getByLabel('Title').fill('Database upgrade');
  await page.getByLabel('Description').fill('Moving to **PostgreSQL 18**.');
  await page.getByLabel('Time zone').fill('UTC');
  await page.getByLabel('Start', { exact: true }).fill(wall(now - 5 * 60_000));
  await page.getByLabel('End', { exact: true }).fill(wall(now - 10 * 60_000));
  await page.getByLabel('maint-db').check();
  await page.getByLabel(`Maint status (/s/${slug})`).check();
  await page.getByRole('button', { name: 'Schedule maintenance' }).click();
  await expect(page.getByText('The end must be after the start.')).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue('Database upgrade');

  await page.getByLabel('End', { exact: true }).fill(wall(now + 55 * 60_000));
  // React resets the form after an action: the choices are ticked again.
  await page.getByLabel('maint-db').check();
  await page.getByLabel(`Maint status (/s/${slug})`).check();
  await page.getByRole('button', { name: 'Schedule maintenance' }).click();
  await expect(page.getByText('Maintenance scheduled.')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Database upgrade/ })).toContainText('in progress');
  const detail = page.url();

  await page.goto('/dashboard');
  await expect(page.getByRole('row', { name: /maint-db/ })).toContainText('maintenance');

  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await publicPage.goto(`/s/${slug}`);
  await expect(publicPage.getByTestId('overall-status')).toHaveText('Maintenance in progress');
  await expect(publicPage.getByTestId('status-component')).toContainText('Under maintenance');
  const running = publicPage.getByRole('region', { name: 'Maintenance in progress' });
  await expect(running).toContainText('Database upgrade');
  await expect(running.locator('strong', { hasText: 'PostgreSQL 18' })).toBeVisible();

  await page.goto(detail);
  const underWay = page.getByText(/^.+ – .+\. End it now, or give it more time\.$/);
  const before = await underWay.textContent();
  await page.getByLabel('Extend by').selectOption('60');
  await page.getByRole('button', { name: 'Extend' }).click();
  await expect(page.getByText('Extended.')).toBeVisible();
  await expect(underWay).not.toHaveText(before!);
  await page.getByRole('button', { name: 'End now' }).click();
  await expect(page.getByRole('heading', { name: /Database upgrade/ })).toContainText('completed');

  // The public page lets go of it within its cache's few seconds.
  await expect(async () => {
    await publicPage.reload();
    await expect(publicPage.getByTestId('overall-status')).not.toHaveText('Maintenance in progress', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(publicPage.getByRole('region', { name: 'Maintenance in progress' })).toHaveCount(0);
  await visitor.close();
});

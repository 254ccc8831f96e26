import type { Page } from '@playwright/test';
import { addAgent, addStatusPage, admin, expect, signUp, test, uniqueEmail } from './helpers';

// A monitor checked from two agents: set up in the form (with a quorum refused, then
// fixed), per-location lines on its page, and slow answers from both locations making it
// degraded: yellow on the dashboard, "Degraded performance" on a status page.

async function expectNoOverflow(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function screenshots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoOverflow(page);
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('a monitor from two locations with a quorum; per-location lines; degraded in yellow on the dashboard and a status page', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail('locations');
  await signUp(page, email);
  await admin(['set-plan', email, 'pro']);
  const tokens = { frankfurt: await addAgent(page, 'Frankfurt'), singapore: await addAgent(page, 'Singapore') };

  await page.goto('/monitors/new');
  await page.getByLabel('Name', { exact: true }).fill('Checkout');
  await page.getByLabel('Type').selectOption('http');
  await page.getByRole('textbox', { name: 'URL' }).fill('https://checkout.example.com/health');
  await page.getByLabel('Agent', { exact: true }).selectOption({ label: 'Frankfurt' });
  await page.getByLabel('Also check from Singapore').check();
  await page.getByLabel('Degraded when slower than (ms)').fill('500');
  // Three must agree, but there are two locations: refused under the field, choices kept.
  await page.getByLabel('Down when').selectOption('k');
  await page.getByLabel('Locations that must agree (k)').fill('3');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.getByText('At most 2: the monitor has 2 locations.')).toBeVisible();
  await expect(page.getByLabel('Also check from Singapore')).toBeChecked();
  await page.getByLabel('Locations that must agree (k)').fill('2');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page).toHaveURL(/\/monitors\?notice=created$/);
  const id = (await page.getByRole('link', { name: 'Checkout', exact: true }).getAttribute('href'))!.split('/').at(-1)!;

  // Both agents fetch their configuration (they are live, and each gets the monitor), then report: slow from both.
  for (const token of Object.values(tokens)) {
    const config = await request.get('/api/v1/agent/config', { headers: { authorization: `Bearer ${token}` } });
    expect((await config.json()).monitors.map((m: { id: string }) => m.id)).toEqual([id]);
  }
  const now = Date.now();
  for (const [index, token] of Object.values(tokens).entries()) {
    const heartbeats = Array.from({ length: 6 }, (_, i) => ({ monitorId: id, time: new Date(now - (6 - i) * 60_000 + index * 7000).toISOString(), status: 'up', latencyMs: (i < 3 ? 120 : 900) + index * 50 }));
    expect((await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${token}` }, data: { heartbeats } })).status()).toBe(202);
  }

  await page.goto('/dashboard');
  await expect(page.getByTestId('count-degraded')).toContainText('1');
  await expect(page.getByTestId('count-degraded').locator('span').first()).toHaveClass(/text-yellow/);
  const row = page.getByTestId('monitor-row').filter({ hasText: 'Checkout' });
  await expect(row).toContainText('degraded');
  await page.getByTestId('count-degraded').click();
  await expect(page.getByTestId('monitor-row')).toHaveCount(1);
  await screenshots(page, 'dashboard-degraded');

  await page.goto(`/monitors/${id}`);
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible();
  await expect(page.getByTestId('degraded-note')).toContainText('Degraded for');
  const locations = page.getByTestId('location-row');
  await expect(locations).toHaveCount(2);
  await expect(locations.nth(0)).toContainText('Frankfurt');
  await expect(locations.nth(1)).toContainText('Singapore');
  await expect(page.getByTestId('location-latency-chart').locator('.recharts-line')).toHaveCount(2);
  await expect(page.getByTestId('location-latency-chart')).toContainText('Singapore');
  await screenshots(page, 'monitor-locations');

  // Singapore fails: one of two, below the quorum of two: partial, named, no incident.
  const failing = [1, 2].map((i) => ({ monitorId: id, time: new Date(now - 30_000 + i * 1000).toISOString(), status: 'down', errorMessage: 'connect ETIMEDOUT' }));
  expect((await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${tokens.singapore}` }, data: { heartbeats: failing } })).status()).toBe(202);
  await page.reload();
  await expect(page.getByTestId('location-note')).toHaveText('1 of 2 locations failing: Singapore');
  await page.goto('/incidents');
  await expect(page.getByTestId('incident-row')).toHaveCount(0);

  // Back to slow and up from Singapore, then the status page says "Degraded performance".
  const slow = [1, 2, 3].map((i) => ({ monitorId: id, time: new Date(now - 20_000 + i * 1000).toISOString(), status: 'up', latencyMs: 950 }));
  expect((await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${tokens.singapore}` }, data: { heartbeats: slow } })).status()).toBe(202);
  const slug = await addStatusPage(page, 'Shop status', [['Checkout', 'Checkout']]);
  const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await visitor.newPage();
  await phone.goto(`/s/${slug}`);
  await expect(phone.getByTestId('overall-status')).toHaveText('Degraded performance');
  await expect(phone.getByTestId('status-component')).toContainText('Degraded performance');
  await phone.screenshot({ path: test.info().outputPath('status-page-degraded-390.png'), fullPage: true });
  await visitor.close();
});

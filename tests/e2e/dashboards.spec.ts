import type { APIRequestContext, Page } from '@playwright/test';
import { addAgent, addMonitor, expect, signUp, test, uniqueEmail } from './helpers';

// What a user sees of real heartbeats: the dashboard's counts and list, a monitor's page
// with its chart, the incidents, and none of it for anyone else.

const MINUTE = 60_000;

async function post(request: APIRequestContext, token: string, heartbeats: object[]) {
  const response = await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${token}` }, data: { heartbeats } });
  expect(response.status()).toBe(202);
}

async function monitorId(page: Page, name: string): Promise<string> {
  await page.goto('/dashboard');
  const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
  return href!.split('/').at(-1)!;
}

/** Nothing sticks out sideways: the page is no wider than the window (once the chart has followed a resize). */
async function expectNoOverflow(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test('the dashboard, a monitor page and the incidents show what the agent reported, and nobody else sees them', async ({ page, request, browser }, testInfo) => {
  test.setTimeout(150_000);
  const email = uniqueEmail('dashboards');
  await signUp(page, email);
  await expect(page.getByRole('link', { name: 'Add an agent' })).toBeVisible();

  const token = await addAgent(page, 'Rack probe');
  await page.goto('/dashboard');
  await expect(page.getByRole('link', { name: 'Add your first monitor' })).toBeVisible();
  await addMonitor(page, { name: 'Shop API', type: 'http', target: 'https://shop.example.com/health' });
  await addMonitor(page, { name: 'Billing DB', type: 'tcp', target: 'billing.internal:5432' });
  await addMonitor(page, { name: 'Edge ping', type: 'ping', target: '192.0.2.10' });
  const ids = { shop: await monitorId(page, 'Shop API'), billing: await monitorId(page, 'Billing DB'), edge: await monitorId(page, 'Edge ping') };

  // 30 minutes of checks: the shop is up throughout (one slow minute), billing fails for
  // the last two (down: an incident), the edge fails once at the end (pending).
  const now = Date.now() - 5_000;
  const minutes = Array.from({ length: 30 }, (_, i) => now - (29 - i) * MINUTE);
  await post(request, token, [
    ...minutes.map((time, i) => ({ monitorId: ids.shop, time: new Date(time).toISOString(), status: 'up', latencyMs: i === 20 ? 900 : 40 + i })),
    ...minutes.map((time, i) => ({ monitorId: ids.billing, time: new Date(time).toISOString(), status: i >= 28 ? 'down' : 'up', latencyMs: 5, ...(i >= 28 ? { errorMessage: 'connect ECONNREFUSED' } : {}) })),
    ...minutes.map((time, i) => ({ monitorId: ids.edge, time: new Date(time).toISOString(), status: i === 29 ? 'timeout' : 'up', latencyMs: 12 })),
  ]);

  // Dashboard: counts, the open incident first, the list with search and filters. Finished
  // hours are read from the rollups, which take in new rows within seconds.
  await expect(async () => {
    await page.goto('/dashboard');
    await expect(page.getByRole('row', { name: /Billing DB/ })).toContainText('93.33 %', { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('count-up')).toContainText('1');
  await expect(page.getByTestId('count-down')).toContainText('1');
  await expect(page.getByTestId('count-pending')).toContainText('1');
  const incidentsPanel = page.getByRole('region', { name: '1 open incident' });
  await expect(incidentsPanel).toContainText('Billing DB');
  await expect(incidentsPanel).toContainText('not acknowledged');
  await expect(page.getByTestId('monitor-row')).toHaveCount(3);
  // Worst first: down, pending, up.
  await expect(page.getByTestId('monitor-row').nth(0)).toContainText('Billing DB');
  await expect(page.getByTestId('monitor-row').nth(1)).toContainText('Edge ping');
  await expect(page.getByRole('row', { name: /Shop API/ })).toContainText('100.00 %');
  await expect(page.getByRole('row', { name: /Billing DB/ })).toContainText('93.33 %');
  await expect(page.getByRole('row', { name: /Edge ping/ })).toContainText('96.66 %');
  await expect(page.getByTestId('last-updated')).toContainText('refreshes every 30 s');

  await page.getByLabel('Search').fill('billing');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('monitor-row')).toHaveCount(1);
  await expect(page.getByTestId('monitor-row')).toContainText('Billing DB');
  await page.goto('/dashboard');
  await page.getByLabel('Status', { exact: true }).selectOption('up');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('monitor-row')).toHaveCount(1);
  await expect(page.getByTestId('monitor-row')).toContainText('Shop API');
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page.getByTestId('monitor-row')).toHaveCount(3);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/dashboard');
    await expectNoOverflow(page);
    await page.screenshot({ path: testInfo.outputPath(`dashboard-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // The monitor page: numbers labelled as such, and a chart that follows the range.
  await page.getByRole('link', { name: 'Shop API', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Shop API' })).toBeVisible();
  await expect(page.getByTestId('uptime-Last 24 h')).toHaveText('100.00 %');
  const stats = page.getByTestId('range-stats');
  await expect(stats).toContainText(/p50 \d+(\.\d)? ms/);
  await expect(stats).toContainText(/p95 \d+(\.\d)? ms/);
  await expect(stats).toContainText(/p99 (8[89]\d|9[01]\d)(\.\d)? ms/); // the slow minute is the p99, within 2 % of 900 ms
  const line = page.getByTestId('latency-chart').locator('path.recharts-line-curve').first();
  await expect(line).toHaveAttribute('d', /^M.+L/);
  const dayPath = await line.getAttribute('d');
  await page.getByRole('navigation', { name: 'Range' }).getByRole('link', { name: '1 h' }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect.poll(() => line.getAttribute('d')).not.toBe(dayPath);
  await expect(page.getByRole('list', { name: /Daily uptime of Shop API/ }).getByRole('listitem')).toHaveCount(90);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoOverflow(page);
    await page.screenshot({ path: testInfo.outputPath(`monitor-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // CSV export of the range: a header and every heartbeat of the last hour.
  const csv = await page.request.get(`/monitors/${ids.billing}/export?range=1h`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toBe('time,status,latency_ms,error_message,location,degraded');
  expect(lines).toHaveLength(31);
  expect(lines.at(-1)).toMatch(/Z,down,5,connect ECONNREFUSED,[^,]+,no$/);

  // Incidents: acknowledge in the browser, see who and when.
  await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Incidents' }).click();
  const row = page.getByTestId('incident-row').filter({ hasText: 'Billing DB' });
  await expect(row).toContainText('open');
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(row).toContainText('acknowledged');
  await expect(row).toContainText(`${email}, just now`);
  await row.getByRole('link', { name: 'Billing DB' }).click();
  await expect(page.getByRole('list', { name: 'Incident timeline' })).toContainText('Acknowledged');
  await expect(page.getByRole('list', { name: 'Incident timeline' })).toContainText(`by ${email}`);
  await expect(page.getByText('2×')).toBeVisible();
  await expect(page.getByText('connect ECONNREFUSED').first()).toBeVisible();
  const incidentUrl = page.url();

  // The dashboard follows new checks by itself, without reloading the page.
  await page.goto('/dashboard');
  await expect(page.getByTestId('count-up')).toContainText('1');
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const updated = await page.getByTestId('last-updated').textContent();
  await post(request, token, [{ monitorId: ids.edge, time: new Date().toISOString(), status: 'up', latencyMs: 12 }]);
  await expect(page.getByTestId('count-up')).toContainText('2', { timeout: 45_000 });
  await expect(page.getByTestId('last-updated')).not.toHaveText(updated!);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // Another user: every page and the export of these ids is not found.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await signUp(other, uniqueEmail('stranger'));
  const agentHref = await (async () => {
    await page.goto('/agents');
    return page.getByRole('link', { name: 'Rack probe' }).getAttribute('href');
  })();
  for (const path of [`/monitors/${ids.shop}`, `/monitors/${ids.shop}/edit`, new URL(incidentUrl).pathname, agentHref!]) {
    const response = await other.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  expect((await other.request.get(`/monitors/${ids.shop}/export?range=24h`)).status()).toBe(404);
  await other.goto('/incidents');
  await expect(other.getByText('No incidents yet.')).toBeVisible();
  await stranger.close();
});

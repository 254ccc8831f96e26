import { formatLatency, formatUptime } from '../../lib/format';
import { addAgent, addMonitor, expect, signUp, test, uniqueEmail } from './helpers';

// An admin creates an API token in the browser, copies it from the page (shown once), and a
// script uses it with fetch: reads the monitors, pauses one for a deploy; the page then lists
// the token's last use, and once revoked the same call is refused.

test('create an API token in the browser, use it with fetch, see its last use, revoke it', async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, uniqueEmail('api-admin'));
  const agentToken = await addAgent(page, 'API probe');
  await addMonitor(page, { name: 'api-checkout', type: 'tcp', target: 'checkout.internal:443' });

  await page.goto('/settings/api-tokens');
  await page.getByLabel('Token name').fill('deploy pipeline');
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('api-token').textContent())!.trim();
  expect(token).toMatch(/^wpt_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('region', { name: 'New API token' })).toContainText('shown only this once');

  // A script's fetch, from the page's origin: the token is the only credential that counts.
  const listed = await page.evaluate(async (bearer) => {
    const response = await fetch('/api/v1/monitors?name=api-checkout', { headers: { authorization: `Bearer ${bearer}` }, credentials: 'omit' });
    return { status: response.status, body: await response.json(), limit: response.headers.get('ratelimit-policy') };
  }, token);
  expect(listed.status).toBe(200);
  expect(listed.limit).toBe('"per-token";q=600;w=60');
  expect(listed.body.data).toHaveLength(1);
  const monitorId = listed.body.data[0].id as string;

  // The summary the API gives is what the monitor page shows for the same range.
  const base = Date.now() - 2 * 3600_000;
  const heartbeats = [...Array.from({ length: 7 }, (_, i) => ({ monitorId, time: new Date(base + i * 60_000).toISOString(), status: 'up', latencyMs: 20 + i * 7 })), { monitorId, time: new Date(base + 420_000).toISOString(), status: 'timeout' }];
  expect((await page.request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${agentToken}` }, data: { heartbeats } })).status()).toBe(202);
  const summary = await page.evaluate(
    async ([bearer, id]) => (await fetch(`/api/v1/monitors/${id}/summary?range=24h`, { headers: { authorization: `Bearer ${bearer}` } })).json(),
    [token, monitorId] as const,
  );
  expect(summary).toMatchObject({ checks: 8, failed: 1, uptimePercent: 87.5 });
  await page.goto(`/monitors/${monitorId}?range=24h`);
  const stat = (label: string) => page.locator('dt', { hasText: new RegExp(`^${label}`) }).first().locator('xpath=following-sibling::dd[1]');
  await expect(stat('Uptime')).toHaveText(formatUptime(summary.uptimePercent));
  await expect(stat('Median latency')).toHaveText(`p50 ${formatLatency(summary.p50)}`);
  await expect(stat('95th percentile')).toHaveText(`p95 ${formatLatency(summary.p95)}`);
  await expect(stat('99th percentile')).toHaveText(`p99 ${formatLatency(summary.p99)}`);
  await expect(stat('Checks')).toHaveText(String(summary.checks));
  await expect(stat('Failed')).toHaveText(String(summary.failed));

  const paused = await page.evaluate(
    async ([bearer, id]) => {
      const response = await fetch(`/api/v1/monitors/${id}/pause`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': 'deploy-1' },
        body: JSON.stringify({ minutes: 15 }),
      });
      return { status: response.status, body: await response.json() };
    },
    [token, monitorId] as const,
  );
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ status: 'paused', enabled: false });
  await page.goto(`/monitors/${monitorId}`);
  await expect(page.getByText('paused', { exact: true }).first()).toBeVisible();

  // The session cookie alone authorises nothing under /api/v1/.
  const cookieOnly = await page.evaluate(async () => (await fetch('/api/v1/monitors', { credentials: 'include' })).status);
  expect(cookieOnly).toBe(401);

  await page.goto('/settings/api-tokens');
  const row = page.getByTestId('api-token-row').filter({ hasText: 'deploy pipeline' });
  await expect(row).toContainText('Editor');
  // Last used: when, and from where.
  await expect(row).toContainText(/from \S+/);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');
  const afterRevoke = await page.evaluate(async (bearer) => (await fetch('/api/v1/monitors', { headers: { authorization: `Bearer ${bearer}` } })).status, token);
  expect(afterRevoke).toBe(401);

  await page.goto('/settings/audit');
  await expect(page.getByRole('cell', { name: 'API token “deploy pipeline”' }).first()).toBeVisible();
});

test('reads the API reference at /docs/api: the OpenAPI document rendered by this server, nothing from another host', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host !== new URL(baseURL!).host) foreign.push(request.url());
  });
  await page.goto('/docs/api');
  await expect(page).toHaveTitle('API reference · Watchpost');
  await expect(page.getByRole('heading', { name: 'Watchpost API' }).first()).toBeVisible();
  // The introduction is the document's description (a second, empty reference would cover it with a skeleton).
  await expect(page.getByText('The agent protocol (').first()).toBeVisible();
  // The management API's operations, from the document: pause for a deploy, and apply.
  await page.getByRole('link', { name: /^Pause a monitor, until resumed or for/ }).first().click();
  await expect(page.getByText('/api/v1/monitors/{id}/pause').first()).toBeVisible();
  await page.getByRole('link', { name: /^Make the team’s setup what watchpost\.yaml says/ }).first().click();
  await expect(page.getByText('/api/v1/apply').first()).toBeVisible();
  expect(foreign).toEqual([]);
});

import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { admin, expect, signUp, test, uniqueEmail } from './helpers';

/** From the monitors list, the monitor's own page (by its link's address: the list may still be settling). */
async function openMonitor(page: import('@playwright/test').Page, name: string) {
  const href = await page.getByRole('link', { name, exact: true }).first().getAttribute('href');
  await page.goto(href!);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** The page as people see it on a laptop and on a phone (kept with the test's results). */
async function screenshots(page: import('@playwright/test').Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function signUpWithBuiltinAgent(page: import('@playwright/test').Page, label: string) {
  const email = uniqueEmail(label);
  await signUp(page, email);
  // Intervals under a minute are the pro plan's.
  await admin(['set-plan', email, 'pro']);
  await page.goto('/agents');
  await page.getByLabel('Agent name').fill('Here');
  await page.getByLabel('Runs on').selectOption('builtin');
  await page.getByRole('button', { name: 'Add agent' }).click();
  await expect(page.getByRole('link', { name: 'Here' })).toBeVisible();
}

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
  await openMonitor(page, 'Nightly backup');

  const status = page.getByRole('heading', { name: 'Nightly backup' }).locator('xpath=following-sibling::span[1]');
  await expect(status).toHaveText('unknown');
  const pingUrl = (await page.getByTestId('ping-url').textContent())!.trim();
  expect(pingUrl).toMatch(/^http:\/\/127\.0\.0\.1:3100\/ping\/wpp_[A-Za-z0-9_-]{32}$/);
  await page.getByRole('button', { name: 'Copy ping URL' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pingUrl);
  await expect(page.getByText(`curl -fsS -m 10 --retry 5 -o /dev/null ${pingUrl}`, { exact: true })).toBeVisible();

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
  await screenshots(page, 'push-monitor');
  await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Incidents' }).click();
  await expect(page.getByRole('link', { name: 'Nightly backup' }).first()).toBeVisible();
});

test('an assertion added in the form: "Try it" shows what it finds, and the failing check says which assertion and why', async ({ page }) => {
  test.setTimeout(90_000);
  await signUpWithBuiltinAgent(page, 'assert');

  await page.goto('/monitors/new');
  await page.getByLabel('Name', { exact: true }).fill('Health API');
  await page.getByLabel('Type').selectOption('http');
  await page.getByRole('textbox', { name: 'URL' }).fill('http://127.0.0.1:3100/api/health');
  await page.getByLabel('Check every (seconds)').fill('10');
  await page.getByLabel('Timeout (seconds)').fill('5');
  await page.getByLabel('Down after failures in a row').fill('1');
  // The expected status codes and keyword are shown as the assertions checked first, as typed.
  await page.getByLabel('Keyword', { exact: true }).fill('"status"');
  const first = page.getByRole('list', { name: 'Checked first' });
  await expect(first).toContainText('Status code is one of 200-399');
  await expect(first).toContainText('Body text contains "status"');
  // Two assertions, then the second moved first and a third removed.
  await page.getByRole('button', { name: 'Add assertion' }).click();
  await page.getByLabel('Source 1').selectOption('status');
  await page.getByLabel('Operator 1').selectOption('eq');
  await page.getByLabel('Value 1').fill('200');
  await page.getByRole('button', { name: 'Add assertion' }).click();
  await page.getByLabel('JSONPath 2').fill('$.status');
  await page.getByLabel('Value 2').fill('healthy');
  await page.getByRole('button', { name: 'Add assertion' }).click();
  await page.getByRole('button', { name: 'Remove assertion 3' }).click();
  await page.getByRole('button', { name: 'Move assertion 2 up' }).click();
  await expect(page.getByLabel('JSONPath 1')).toHaveValue('$.status');
  await expect(page.getByLabel('Value 2')).toHaveValue('200');

  // A JSONPath with a syntax error is refused at save with its position.
  await page.getByLabel('JSONPath 1').fill('$.status[');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.getByText(/Assertion 1: JSONPath syntax error at position 10/)).toBeVisible();
  await page.getByLabel('JSONPath 1').fill('$.status');

  await page.getByRole('button', { name: 'Try it' }).click();
  const tried = page.getByRole('status', { name: 'Try it result' });
  await expect(tried).toContainText('json $.status: expected "healthy", got "ok"');
  await expect(tried).toContainText('passed: found 200');
  await screenshots(page, 'assertions-form');

  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page).toHaveURL(/\/monitors\?notice=created$/);
  await openMonitor(page, 'Health API');
  // The built-in agent checks it: down, with the failing assertion's message, and every result shown.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Assertions' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await expect(page.getByRole('cell', { name: 'json $.status: expected "healthy", got "ok"' }).first()).toBeVisible();
  const assertions = page.getByRole('region', { name: 'Assertions' });
  await expect(assertions.getByRole('row')).toHaveCount(3);
  await expect(assertions.getByRole('row').nth(1)).toContainText('failed');
  await expect(assertions.getByRole('row').nth(2)).toContainText('passed');
  await screenshots(page, 'assertions-monitor');
});

test('a TLS monitor: its certificate on the monitor page, on the certificates page by days left, and on the dashboard under 30 days', async ({ page }) => {
  test.setTimeout(90_000);
  // A TLS server of the test's own, with a certificate that expires in 20 days.
  const pems = await generate([{ name: 'commonName', value: 'shop.watchpost.test' }], { keySize: 2048, notAfterDate: new Date(Date.now() + 20.5 * 86_400_000) });
  const server = tls.createServer({ key: pems.private, cert: pems.cert }, (socket) => socket.end()).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    await signUpWithBuiltinAgent(page, 'tls');
    await page.goto('/monitors/new');
    await page.getByLabel('Name', { exact: true }).fill('Shop TLS');
    await page.getByLabel('Type').selectOption('tls');
    await page.getByRole('textbox', { name: 'Host and port' }).fill(`127.0.0.1:${(server.address() as AddressInfo).port}`);
    await page.getByLabel('Server name (SNI)').fill('shop.watchpost.test');
    await page.getByLabel('Verify the certificate (trusted issuer, host name)').uncheck();
    await page.getByLabel('Check every (seconds)').fill('10');
    await page.getByLabel('Timeout (seconds)').fill('5');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await expect(page).toHaveURL(/\/monitors\?notice=created$/);
    await openMonitor(page, 'Shop TLS');
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { name: 'Certificate', exact: true })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000, intervals: [2000] });
    const card = page.getByRole('region', { name: 'Certificate', exact: true });
    await expect(card).toContainText('20 days left');
    await expect(card).toContainText('shop.watchpost.test');

    await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Certificates' }).click();
    const row = page.getByTestId('certificate-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('shop.watchpost.test');
    await expect(row).toContainText('20 days left');
    await expect(row.getByRole('link', { name: 'Shop TLS' })).toBeVisible();
    await screenshots(page, 'certificates');

    await page.goto('/dashboard');
    await expect(page.getByRole('link', { name: 'Certificate of Shop TLS: 20 days left' })).toBeVisible();
    await screenshots(page, 'dashboard-certificate');
  } finally {
    server.close();
  }
});

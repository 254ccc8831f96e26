import { addAgent, addMonitor, addStatusPage, expect, signUp, test, uniqueEmail } from './helpers';

// A user publishes a status page with two components; a signed-out visitor on a phone
// reads it (statuses, 90-day bars) and sees nothing of the monitors behind it; a password
// keeps a page closed until it is entered.

test('publish a status page with two components and read it signed out on a phone, with no private field in it', async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('status'));
  const token = await addAgent(page, 'Status probe');
  const privateNames = { api: `api-monitor-${Date.now()}`, db: `db-monitor-${Date.now()}` };
  await addMonitor(page, { name: privateNames.api, type: 'http', target: 'https://api.internal.example/health' });
  await addMonitor(page, { name: privateNames.db, type: 'tcp', target: 'billing-db.internal:5432' });
  await page.goto('/dashboard');
  const idOf = async (name: string) => (await page.getByRole('link', { name, exact: true }).getAttribute('href'))!.split('/').at(-1)!;
  const ids = { api: await idOf(privateNames.api), db: await idOf(privateNames.db) };
  const now = Date.now();
  const heartbeats = [0, 1, 2].flatMap((i) => [
    { monitorId: ids.api, time: new Date(now - (3 - i) * 60_000).toISOString(), status: 'up', latencyMs: 30 },
    { monitorId: ids.db, time: new Date(now - (3 - i) * 60_000).toISOString(), status: 'down', errorMessage: 'secret: connect ECONNREFUSED 10.1.2.3:5432' },
  ]);
  expect((await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${token}` }, data: { heartbeats } })).status()).toBe(202);

  // Create the page and its two components.
  await page.getByRole('link', { name: 'Status pages' }).click();
  await page.getByLabel('Title').fill('Acme status');
  const slug = `acme-${Date.now()}`;
  await page.getByLabel('Address').fill(slug);
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Create status page' }).click();
  await expect(page.getByText('Status page created.')).toBeVisible();
  for (const [name, monitor] of [
    ['Public API', privateNames.api],
    ['Billing', privateNames.db],
  ] as const) {
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add component' }) });
    await form.getByLabel('Component name').fill(name);
    await form.getByLabel(monitor).check();
    await form.getByRole('button', { name: 'Add component' }).click();
    await expect(page.getByText(`Backed by ${monitor}`)).toBeVisible();
  }
  // Reorder: down and back up again.
  const order = () => page.getByRole('button', { name: /^Remove / }).evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
  await page.getByRole('button', { name: 'Move Public API down' }).click();
  await expect.poll(order).toEqual(['Remove Billing', 'Remove Public API']);
  await page.getByRole('button', { name: 'Move Public API up' }).click();
  await expect.poll(order).toEqual(['Remove Public API', 'Remove Billing']);

  // From the automatic incident of the billing monitor: a post drafted with its component, then a second update.
  await page.goto('/incidents');
  await page.getByRole('link', { name: new RegExp(privateNames.db) }).first().click();
  await page.getByRole('link', { name: 'Post to status page “Acme status”' }).click();
  await expect(page.getByLabel('Post title')).toHaveValue('Billing: service disruption');
  await expect(page.getByLabel('Billing')).toBeChecked();
  await expect(page.getByLabel('Public API')).not.toBeChecked();
  await expect(page.getByLabel('Message')).toHaveValue(/^We are investigating a problem with Billing since /);
  await page.getByRole('button', { name: 'Publish post' }).click();
  await expect(page.getByText('Post published on the status page.')).toBeVisible();
  await page.getByLabel('State').selectOption('identified');
  await page.getByLabel('Message').fill('A **full disk** on the billing database. <script>alert(1)</script>');
  await page.getByRole('button', { name: 'Post update' }).click();
  await expect(page.getByText('Update posted.')).toBeVisible();
  // The form starts the next update from the state just posted.
  await expect(page.getByLabel('State')).toHaveValue('identified');
  await page.goto('/status-pages');
  await page.getByRole('link', { name: 'Acme status' }).click();

  // The badge Markdown the settings show, for a README.
  const markdown = (await page.locator('code').filter({ hasText: 'status.svg' }).first().textContent())!;
  const badgeUrl = /\((http[^)]+status\.svg)\)/.exec(markdown)![1]!;

  // A visitor, signed out, on a phone.
  const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const phone = await visitor.newPage();
  await phone.goto(`/s/${slug}`);
  await expect(phone.getByRole('heading', { name: 'Acme status' })).toBeVisible();
  await expect(phone.getByTestId('overall-status')).toHaveText('Partial outage');
  const components = phone.getByTestId('status-component');
  await expect(components).toHaveCount(2);
  await expect(components.nth(0)).toContainText('Public API');
  await expect(components.nth(0)).toContainText('Operational');
  await expect(components.nth(1)).toContainText('Billing');
  await expect(components.nth(1)).toContainText('Outage');
  const current = phone.getByRole('region', { name: 'Current incidents' });
  await expect(current.getByTestId('status-post')).toHaveCount(1);
  await expect(current).toContainText('Billing: service disruption');
  await expect(current).toContainText('Major impact · Billing');
  await expect(current.locator('li').nth(0)).toContainText('Identified');
  await expect(current.locator('li').nth(1)).toContainText('Investigating');
  await expect(current.locator('strong', { hasText: 'full disk' })).toBeVisible();
  await expect(current).not.toContainText('<script>');
  const bars = phone.getByRole('list', { name: 'Billing: the last 90 days' }).getByRole('listitem');
  await expect(bars).toHaveCount(90);
  // Today's cell fills in once the rollups have taken the heartbeats in (within seconds).
  await expect(async () => {
    await phone.reload();
    await expect(phone.getByRole('list', { name: 'Billing: the last 90 days' }).getByRole('listitem').last()).toHaveAttribute('data-uptime', '0', { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await expect(phone.getByRole('list', { name: 'Public API: the last 90 days' }).getByRole('listitem').last()).toHaveAttribute('data-uptime', '100');
  await expect(phone.getByRole('list', { name: 'Public API: the last 90 days' }).getByRole('listitem').first()).toHaveAttribute('data-uptime', 'none');
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // Nothing private anywhere in what the public route sends (HTML and the React payload in it).
  const html = await (await visitor.request.get(`/s/${slug}`)).text();
  for (const secret of [...Object.values(privateNames), ...Object.values(ids), 'api.internal.example', 'billing-db.internal', 'ECONNREFUSED', '10.1.2.3', 'Status probe']) {
    expect(html, secret).not.toContain(secret);
  }
  const svg = await visitor.request.get(new URL(badgeUrl).pathname);
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
  expect(await svg.text()).toContain('Public API: operational');
  await visitor.close();
});

test('a password-protected page refuses without its password and opens with it', async ({ page, browser }) => {
  await signUp(page, uniqueEmail('locked'));
  const slug = await addStatusPage(page, 'Internal status');
  await page.getByLabel('Page password').fill('open sesame 123');
  await page.getByRole('button', { name: 'Protect with password' }).click();
  await expect(page.getByText('The page now asks for this password')).toBeVisible();

  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  await other.goto(`/s/${slug}`);
  await expect(other.getByText('This status page is protected.')).toBeVisible();
  await expect(other.getByTestId('overall-status')).toHaveCount(0);
  await other.getByLabel('Password').fill('wrong password');
  await other.getByRole('button', { name: 'View status' }).click();
  await expect(other.getByText('That is not the password of this page.')).toBeVisible();
  expect(other.url()).not.toContain('password');
  await other.getByLabel('Password').fill('open sesame 123');
  await other.getByRole('button', { name: 'View status' }).click();
  await expect(other.getByTestId('overall-status')).toHaveText('Nothing is listed on this page yet');
  expect(other.url()).toMatch(new RegExp(`/s/${slug}$`));
  await visitor.close();
});

import { addMonitor, admin, expect, signUp, test, uniqueEmail } from './helpers';

test('create an agent and copy its token; set up every monitor type; edit, pause and delete; the agent receives exactly the enabled ones', async ({
  page,
  context,
  request,
}) => {
  // A long journey through every form: more than the default 30 s on a cold server.
  test.setTimeout(60_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, uniqueEmail('agents'));

  await page.getByRole('navigation', { name: 'App' }).getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { name: 'Agents' })).toBeVisible();
  await page.getByLabel('Agent name').fill('Office probe');
  await page.getByRole('button', { name: 'Add agent' }).click();
  const token = (await page.getByTestId('agent-token').textContent())!.trim();
  expect(token).toMatch(/^wpa_/);
  await expect(
    page.getByText(`curl -fsSLO http://127.0.0.1:3100/agent/watchpost-agent.mjs && node watchpost-agent.mjs --server http://127.0.0.1:3100 --token ${token}`),
  ).toBeVisible();
  await expect(page.getByText(`sudo node watchpost-agent.mjs install --server http://127.0.0.1:3100 --token ${token}`)).toBeVisible();
  await page.getByRole('button', { name: 'Copy token' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // A second agent with the same name is refused under the field.
  await page.getByLabel('Agent name').fill('office PROBE');
  await page.getByRole('button', { name: 'Add agent' }).click();
  await expect(page.getByText('This team already has an agent named “office PROBE”.')).toBeVisible();

  await addMonitor(page, { name: 'Website', type: 'http', target: 'https://example.com/health' }, async () => {
    await page.getByLabel('Method').selectOption('POST');
    await page.getByLabel('Expected status codes').fill('200-299,301');
    await page.getByLabel('Keyword', { exact: true }).fill('ok');
    await page.getByLabel('Follow redirects').uncheck();
    await page.getByLabel('Request headers').fill('X-Probe: watchpost');
    await page.getByLabel('Request body (POST)').fill('{"ping":true}');
  });
  await addMonitor(page, { name: 'Database', type: 'tcp', target: 'db.internal:5432' });
  await addMonitor(page, { name: 'Gateway', type: 'ping', target: '192.0.2.1' });
  await addMonitor(page, { name: 'Mail DNS', type: 'dns', target: 'example.com' }, async () => {
    await page.getByLabel('Record type').selectOption('MX');
    await page.getByLabel('Resolver').fill('1.1.1.1');
  });

  // A bad target is refused under its field, keeping what was typed.
  await page.goto('/monitors/new');
  await page.getByLabel('Name', { exact: true }).fill('Broken');
  await page.getByLabel('Type').selectOption('tcp');
  await page.getByRole('textbox', { name: 'Host and port' }).fill('host:99999');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.getByText(/port from 1 to 65535/)).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Broken');

  // Edit one.
  await page.goto('/monitors');
  await page.getByRole('link', { name: 'Edit Database' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Database' })).toBeVisible();
  await page.getByLabel('Check every (seconds)').fill('60');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/notice=saved/);
  await expect(page.getByRole('row', { name: /Database/ })).toContainText('60 s');

  // Pause one.
  await page.getByRole('button', { name: 'Pause Gateway' }).click();
  await expect(page.getByRole('row', { name: /Gateway/ })).toContainText('paused');
  await page.getByLabel('Status').selectOption('paused');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('row')).toHaveCount(2);

  // Delete one, confirming.
  await page.goto('/monitors');
  await page.getByRole('link', { name: 'Edit Mail DNS' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Mail DNS' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete monitor' }).click();
  await expect(page.getByText('Tick the box to confirm.')).toBeVisible();
  await page.getByLabel(/I understand this deletes the monitor/).check();
  await page.getByRole('button', { name: 'Delete monitor' }).click();
  await expect(page).toHaveURL(/notice=deleted/);
  await expect(page.getByRole('cell', { name: 'Mail DNS' })).toHaveCount(0);

  // What the agent gets with its token: the enabled monitors, with their options. It says
  // its version (an old one here) in its User-Agent.
  const response = await request.get('/api/v1/agent/config', { headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'Watchpost-Agent/0.0.1 (node 20.0.0; linux x64)' } });
  expect(response.status()).toBe(200);
  const config = await response.json();
  expect(config.agent.name).toBe('Office probe');
  expect(config.monitors.map((m: { name: string }) => m.name).sort()).toEqual(['Database', 'Website']);
  expect(config.monitors.find((m: { name: string }) => m.name === 'Website')).toMatchObject({
    type: 'http',
    target: 'https://example.com/health',
    options: { method: 'POST', expectedStatus: '200-299,301', keyword: 'ok', followRedirects: false, verifyTls: true, headers: { 'X-Probe': 'watchpost' }, body: '{"ping":true}' },
  });
  expect(config.monitors.find((m: { name: string }) => m.name === 'Database').intervalSeconds).toBe(60);

  // The agent page shows it online now, with its version and the newer one this server serves;
  // rotating the key kills the old token.
  const served = (await (await request.get('/agent/version.json')).json()) as { version: string };
  await page.goto('/agents');
  await expect(page.getByRole('row', { name: /Office probe/ })).toContainText('online');
  await expect(page.getByRole('row', { name: /Office probe/ })).toContainText(`0.0.1${served.version} available`);
  await page.getByRole('link', { name: 'Office probe' }).click();
  await expect(page.getByRole('heading', { name: 'Office probe' })).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Rotate key' }).click();
  const rotated = (await page.getByTestId('agent-token').textContent())!.trim();
  expect(rotated).not.toBe(token);
  expect((await request.get('/api/v1/agent/config', { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  expect((await request.get('/api/v1/agent/config', { headers: { Authorization: `Bearer ${rotated}` } })).status()).toBe(200);

  // Deleting the agent takes its monitors with it.
  await page.getByLabel(/I understand this deletes the agent and its 3 monitors/).check();
  await page.getByRole('button', { name: 'Delete agent' }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByText('No agents yet.')).toBeVisible();
  expect((await request.get('/api/v1/agent/config', { headers: { Authorization: `Bearer ${rotated}` } })).status()).toBe(401);
});

test("another user's agent and monitor pages are not found", async ({ page, browser }) => {
  await signUp(page, uniqueEmail('owner'));
  await page.goto('/agents');
  await page.getByLabel('Agent name').fill('Private probe');
  await page.getByRole('button', { name: 'Add agent' }).click();
  await page.getByRole('link', { name: 'Open it' }).click();
  await expect(page.getByRole('heading', { name: 'Private probe' })).toBeVisible();
  const agentUrl = page.url();
  await page.getByRole('link', { name: 'Add a monitor on this agent' }).click();
  await expect(page.getByRole('heading', { name: 'New monitor' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Secret');
  await page.getByRole('textbox', { name: 'URL' }).fill('https://example.com');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await page.getByRole('link', { name: 'Edit Secret' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Secret' })).toBeVisible();
  const monitorUrl = page.url();

  const stranger = await browser.newPage();
  await signUp(stranger, uniqueEmail('stranger'));
  for (const url of [agentUrl, monitorUrl]) {
    const response = await stranger.goto(url);
    expect(response?.status()).toBe(404);
  }
  await stranger.close();
});

test('the built-in agent checks a monitor with nothing to install, and it goes up', async ({ page }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail('builtin');
  await signUp(page, email);
  await page.goto('/agents');
  await page.getByLabel('Agent name').fill('This server');
  await page.getByLabel('Runs on').selectOption('builtin');
  await page.getByRole('button', { name: 'Add agent' }).click();
  await expect(page.getByText(/The built-in agent/)).toBeVisible();

  await page.goto('/monitors/new');
  await page.getByLabel('Name', { exact: true }).fill('Watchpost itself');
  await page.getByRole('textbox', { name: 'URL' }).fill('http://127.0.0.1:3100/api/health');
  await page.getByLabel('Check every (seconds)').fill('10');
  await page.getByLabel('Timeout (seconds)').fill('5');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  // The free plan checks at most every 60 s; the operator moves this account to pro.
  await expect(page.getByText(/^Your free plan checks at most every 60 seconds: choose 60 or more\./)).toBeVisible();
  expect(await admin(['set-plan', email, 'pro'])).toContain(`${email} is now on the pro plan.`);
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page).toHaveURL(/notice=created/);

  // The runner picks new monitors up within 15 s, and spreads the first check over the interval.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('row', { name: /Watchpost itself/ })).toContainText('up', { timeout: 1000 });
  }).toPass({ timeout: 90_000, intervals: [2000] });
});

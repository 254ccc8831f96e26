import { Webhook } from 'standardwebhooks';
import { startReceiver } from '../helpers/receiver';
import { addAgent, addMonitor, expect, signUp, test, uniqueEmail } from './helpers';

// A real receiver in the test process (tests/helpers/receiver.ts); the app, in embedded
// mode, may post to 127.0.0.1.

test('add a webhook channel, send a test and see it in the log; an incident an agent reports arrives, signed', async ({ page, request }) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver();
  try {
    await signUp(page, uniqueEmail('notify'));
    await page.goto('/settings/notifications');
    await expect(page.getByText(/No channels yet/)).toBeVisible();
    await page.getByLabel('Channel name').fill('Ops webhook');
    await page.getByLabel('Kind').selectOption('webhook');
    await page.getByLabel('Webhook URL').fill(`${receiver.url}/hook`);
    await page.getByRole('button', { name: 'Add channel' }).click();
    const secret = (await page.getByTestId('signing-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);

    await page.getByRole('link', { name: 'Open it to send a test' }).click();
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const test = receiver.received[0]!;
    expect(new Webhook(secret).verify(test.body, test.headers as Record<string, string>)).toMatchObject({ type: 'test' });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('delivery').first()).toContainText('delivered', { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByTestId('delivery').first()).toContainText('Test');
    await expect(page.getByTestId('delivery').first()).toContainText('200');
    // The saved URL is never shown again.
    expect(await page.content()).not.toContain(`${receiver.url}/hook`);

    // An agent reports a monitor down: the incident's message arrives.
    const token = await addAgent(page, 'Probe');
    await addMonitor(page, { name: 'Checkout API', type: 'tcp', target: 'checkout.internal:443' }, async () => {
      await page.getByLabel('Down after failures in a row').fill('1');
    });
    const config = await (await request.get('/api/v1/agent/config', { headers: { authorization: `Bearer ${token}` } })).json();
    const monitorId = config.monitors.find((m: { name: string }) => m.name === 'Checkout API').id;
    const posted = await request.post('/api/v1/agent/heartbeats', {
      headers: { authorization: `Bearer ${token}` },
      data: { heartbeats: [{ monitorId, time: new Date().toISOString(), status: 'down', errorMessage: 'connect ECONNREFUSED' }] },
    });
    expect(posted.status()).toBe(202);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    const incident = new Webhook(secret).verify(receiver.received[1]!.body, receiver.received[1]!.headers as Record<string, string>) as {
      type: string;
      data: { url: string; monitor: { name: string }; lastError: string };
    };
    expect(incident).toMatchObject({ type: 'incident.opened', data: { monitor: { name: 'Checkout API' }, lastError: 'connect ECONNREFUSED' } });
    const incidentPath = new URL(incident.data.url).pathname;
    expect(incidentPath).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
    await page.goto(incidentPath);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Checkout API');
  } finally {
    await receiver.stop();
  }
});

test('on call: a policy pages step by step, a dependency holds the echo, acknowledging stops the escalation', async ({ page, request }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await signUp(page, uniqueEmail('oncall'));
    // Two webhooks that only the policy uses: every event unticked.
    for (const name of ['Primary pager', 'Secondary pager']) {
      await page.goto('/settings/notifications');
      await page.getByLabel('Channel name').fill(name);
      await page.getByLabel('Kind').selectOption('webhook');
      await page.getByLabel('Webhook URL').fill(`${receiver.url}/${name.split(' ')[0]!.toLowerCase()}`);
      const events = page.getByRole('group', { name: 'Which events' }).getByRole('checkbox');
      for (const box of await events.all()) await box.uncheck();
      await page.getByRole('button', { name: 'Add channel' }).click();
      await expect(page.getByText(`Channel “${name}” is ready.`)).toBeVisible();
    }

    await page.goto('/settings/escalation');
    await page.getByLabel('Policy name').fill('Network on-call');
    await page.getByRole('group', { name: 'Step 1: channels' }).getByLabel('Primary pager').check();
    await page.getByLabel('Then wait (minutes) before repeating or ending').fill('0');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await expect(page.getByText('Wait 1 to 1,440 minutes (a day) for an acknowledgement before the next step.')).toBeVisible();
    await page.getByLabel('Then wait (minutes) before repeating or ending').fill('1');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByRole('group', { name: 'Step 2: channels' }).getByLabel('Secondary pager').check();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await expect(page.getByText('Policy “Network on-call” is ready.')).toBeVisible();
    await page.goto('/settings/escalation');
    await expect(page.getByText('1. Primary pager, then 1 min → 2. Secondary pager, then 10 min')).toBeVisible();

    const token = await addAgent(page, 'Probe');
    const lowThreshold = async () => page.getByLabel('Down after failures in a row').fill('1');
    await addMonitor(page, { name: 'Core router', type: 'tcp', target: 'router.internal:22' }, lowThreshold);
    await addMonitor(page, { name: 'Checkout DB', type: 'tcp', target: 'db.internal:5432' }, async () => {
      await lowThreshold();
      await page.getByRole('group', { name: 'Monitors this one depends on' }).getByLabel('Core router').check();
    });
    const config = await (await request.get('/api/v1/agent/config', { headers: { authorization: `Bearer ${token}` } })).json();
    const idOf = (name: string) => config.monitors.find((m: { name: string }) => m.name === name).id as string;
    await page.goto(`/monitors/${idOf('Core router')}/edit`);
    await page.getByLabel('Escalation policy').selectOption({ label: 'Network on-call' });
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await expect(page.getByText('Notifications saved.')).toBeVisible();
    await page.goto(`/monitors/${idOf('Checkout DB')}`);
    await expect(page.getByRole('heading', { name: 'Dependencies' })).toBeVisible();

    const down = (name: string) =>
      request.post('/api/v1/agent/heartbeats', {
        headers: { authorization: `Bearer ${token}` },
        data: { heartbeats: [{ monitorId: idOf(name), time: new Date().toISOString(), status: 'down', errorMessage: 'no route to host' }] },
      });
    expect((await down('Core router')).status()).toBe(202);
    expect((await down('Checkout DB')).status()).toBe(202);
    // Step 1 pages the primary (the leader's round, every 5 s).
    await expect.poll(() => receiver.received.filter((r) => r.path === '/primary').length, { timeout: 30_000 }).toBe(1);
    expect(JSON.parse(receiver.received.find((r) => r.path === '/primary')!.body)).toMatchObject({ type: 'incident.escalated', data: { monitor: { name: 'Core router' } } });

    await page.goto('/incidents');
    await page.getByRole('link', { name: /Core router/ }).first().click();
    await expect(page.getByRole('list', { name: 'Escalation timeline' })).toContainText('Step 1');
    await expect(page.getByRole('list', { name: 'Escalation timeline' })).toContainText('Next: step 2');
    await expect(page.getByRole('list', { name: 'Incidents probably caused by this one' })).toContainText('Checkout DB');
    await expect(page.getByRole('list', { name: 'Incidents probably caused by this one' })).toContainText('held: not announced');
    const routerIncident = page.url();
    await page.getByRole('list', { name: 'Incidents probably caused by this one' }).getByRole('link', { name: 'Checkout DB' }).click();
    await expect(page.getByTestId('caused-by')).toContainText('Probably caused by Core router is down');

    await page.goto(routerIncident);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.getByRole('list', { name: 'Escalation timeline' })).toContainText('Stopped: acknowledged');
    expect(receiver.received.filter((r) => r.path === '/secondary')).toHaveLength(0);
  } finally {
    await receiver.stop();
  }
});

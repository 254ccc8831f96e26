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

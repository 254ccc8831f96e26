import { smtpPort } from '../../playwright.config';
import { collectMail } from '../helpers/smtp';
import { addAgent, addMonitor, expect, signUp, test, uniqueEmail } from './helpers';

// SLOs and reports as a person uses them: an SLO made in the form (a bad target refused
// first), its budget page; the month's report on the page, as PDF and CSV; a scheduled
// report sent now, arriving with its PDF.

test('set an SLO, read its budget, download the report, and mail it on a schedule', async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail('slo');
  await signUp(page, email);
  const token = await addAgent(page, 'Probe');
  await addMonitor(page, { name: 'Checkout API', type: 'tcp', target: 'checkout.internal:443' });
  const config = await (await request.get('/api/v1/agent/config', { headers: { authorization: `Bearer ${token}` } })).json();
  const monitorId = config.monitors.find((m: { name: string }) => m.name === 'Checkout API').id;
  // 19 good checks and one failed over the last 20 minutes.
  const now = Date.now();
  const heartbeats = Array.from({ length: 20 }, (_, i) => ({ monitorId, time: new Date(now - (20 - i) * 60_000).toISOString(), status: i === 10 ? 'down' : 'up', latencyMs: 40 }));
  expect((await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${token}` }, data: { heartbeats } })).status()).toBe(202);

  await page.getByRole('link', { name: 'SLOs', exact: true }).click();
  await expect(page.getByText(/No SLOs yet/)).toBeVisible();
  await page.getByLabel('SLO name').fill('Checkout availability');
  await page.getByLabel('Measured on').selectOption({ label: 'Monitor: Checkout API' });
  await page.getByLabel('Target (%)').fill('101');
  await page.getByLabel('Window').selectOption({ label: 'Rolling 7 days' });
  await page.getByRole('button', { name: 'Create SLO' }).click();
  await expect(page.getByText(/A target above 0 and at most 100 %/)).toBeVisible();
  await page.getByLabel('Target (%)').fill('99.9');
  await page.getByRole('button', { name: 'Create SLO' }).click();
  await expect(page.getByText('SLO “Checkout availability” is set.')).toBeVisible();
  await page.getByRole('link', { name: 'See its error budget' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout availability' })).toBeVisible();
  // The rollups catch up within seconds: 19 of 20 good, 95 % so far, and the budget spent.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('slo-attainment-so-far')).toHaveText('95.000 %', { timeout: 1000 });
  }).toPass({ timeout: 40_000 });
  await expect(page.getByText('Budget used up').first()).toBeVisible();
  await expect(page.getByTestId('budget-chart')).toBeVisible();
  await page.goto('/slos');
  await expect(page.getByTestId('slo-row')).toContainText('Checkout availability');
  await expect(page.getByTestId('slo-row')).toContainText('Budget used up');

  // The report of today: the monitor's numbers, then the PDF and the CSV.
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByLabel('First day').fill(yesterday);
  await page.getByLabel('Last day').fill(today);
  await page.getByRole('button', { name: 'Show report' }).click();
  const row = page.getByTestId('report-row').filter({ hasText: 'Checkout API' });
  await expect(row).toContainText('95.00 %');
  await expect(row).toContainText('Checkout availability: 95.000 % of 99.9 %');
  await expect(page.getByTestId('report-total-checks')).toHaveText('20');
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = await (await pdf.createReadStream()).toArray();
  expect(Buffer.concat(bytes).subarray(0, 5).toString()).toBe('%PDF-');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(Buffer.concat(await (await csv.createReadStream()).toArray()).toString()).toContain('Checkout API');
  // A period that ends before it starts is refused on the page.
  await page.getByLabel('First day').fill(today);
  await page.getByLabel('Last day').fill(yesterday);
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'ends before it starts' })).toBeVisible();
  await expect(page.getByTestId('report')).toHaveCount(0);

  // A monthly schedule to an address, sent now: the mail arrives with the PDF.
  const mailbox = await collectMail(smtpPort);
  try {
    await page.getByRole('link', { name: 'Scheduled reports' }).click();
    await page.getByLabel('Schedule name').fill('Monthly for the board');
    await page.getByLabel('Send to (e-mail addresses)').fill('board@example.com');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await expect(page.getByText(/Schedule “Monthly for the board” saved: the first report goes out/)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('schedule')).toContainText('Monthly, on the 1st at 08:00');
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByText('Queued: it goes out within seconds.')).toBeVisible();
    await expect.poll(() => mailbox.mails.filter((m) => m.to === 'board@example.com').length, { timeout: 30_000 }).toBe(1);
    const mail = mailbox.mails.find((m) => m.to === 'board@example.com')!;
    expect(mail.subject).toMatch(/^Monthly uptime report: /);
    expect(mail.attachments[0]?.contentType).toBe('application/pdf');
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('schedule-delivery').first()).toContainText('delivered', { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  } finally {
    await mailbox.close();
  }
});

import { addAgent, addMonitor, expect, signUp, test, uniqueEmail } from './helpers';

test('the free plan warns at 8 of 10 monitors and refuses the 11th, saying why', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('plans'));
  await addAgent(page, 'Probe');
  const notice = page.getByTestId('usage-notice-monitors');
  for (let i = 1; i <= 7; i++) await addMonitor(page, { name: `svc-${i}`, type: 'tcp', target: `svc-${i}.internal:443` });
  await expect(notice).toHaveCount(0);

  await addMonitor(page, { name: 'svc-8', type: 'tcp', target: 'svc-8.internal:443' });
  await expect(notice).toContainText('8 of 10 monitors used on the free plan.');
  await page.goto('/dashboard');
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(notice).toHaveCount(0);

  await addMonitor(page, { name: 'svc-9', type: 'tcp', target: 'svc-9.internal:443' });
  // A second tab opens the form while there is still room…
  const other = await context.newPage();
  await other.goto('/monitors/new');
  await expect(other.getByRole('button', { name: 'Create monitor' })).toBeEnabled();
  // …the 10th is made here, and the limit is reached: the notice is back, the buttons are off.
  await addMonitor(page, { name: 'svc-10', type: 'tcp', target: 'svc-10.internal:443' });
  await expect(notice).toContainText('10 of 10 monitors used on the free plan. New monitors are refused');
  const addButton = page.getByRole('button', { name: 'Add monitor' });
  await expect(addButton).toBeDisabled();
  await expect(addButton).toHaveAccessibleDescription(/Your free plan allows 10 monitors and you have 10\./);

  await other.getByLabel('Name', { exact: true }).fill('svc-11');
  await other.getByLabel('Type').selectOption('tcp');
  await other.getByRole('textbox', { name: /Host/ }).fill('svc-11.internal:443');
  await other.getByRole('button', { name: 'Create monitor' }).click();
  await expect(
    other.getByRole('alert').filter({
      hasText: 'Your free plan allows 10 monitors and you have 10. Delete one you no longer need, or ask your Watchpost operator to move you to the pro plan (250 monitors).',
    }),
  ).toBeVisible();

  await page.goto('/monitors/new');
  await expect(page.getByRole('button', { name: 'Create monitor' })).toBeDisabled();
  await page.goto('/settings/usage');
  await expect(page.getByRole('progressbar', { name: 'Monitors' })).toHaveAttribute('aria-valuetext', '10 of 10 monitors');
  await expect(page.getByRole('cell', { name: 'Reached the monitors limit: 10 of 10' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Approaching the monitors limit: 8 of 10 (80 % or more)' })).toBeVisible();
});

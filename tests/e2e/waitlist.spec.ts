import { expect, test, uniqueEmail } from './helpers';

const JOINED = /You're on the list\. If you had joined before, you're already on the list/;

test('a prospect joins the beta waitlist from the landing page, in place', async ({ page }) => {
  await page.goto('/?utm_source=e2e');
  await expect(page.getByRole('heading', { name: 'What sets it apart' })).toBeVisible();
  await expect(page.getByText(/Generated data, not a real service/)).toBeVisible();
  await expect(page.getByTestId('latency-chart').locator('.recharts-line-curve').first()).toBeVisible();

  const waitlist = page.getByRole('form', { name: 'Join the beta waitlist' });
  await waitlist.getByLabel('E-mail').fill('not an address');
  await waitlist.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(waitlist.getByText('Enter an e-mail address like name@example.com.')).toBeVisible();

  const email = uniqueEmail('prospect');
  await waitlist.getByLabel('E-mail').fill(email);
  await waitlist.getByLabel('What do you monitor today? (optional)').fill('<script>alert(1)</script> 30 checks in Uptime Kuma');
  await waitlist.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(page.getByRole('status')).toHaveText(JOINED);
  await expect(page).toHaveURL(/\/\?utm_source=e2e$/);

  // The same address again, from another visitor: the very same answer.
  await page.goto('/');
  await page.getByLabel('E-mail').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(page.getByRole('status')).toHaveText(JOINED);
});

test('the waitlist works without JavaScript, as a plain form post', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('E-mail').fill(uniqueEmail('nojs'));
  await page.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(page.getByRole('status')).toHaveText(JOINED);
  await context.close();
});

test('the landing page fits a phone, and tab order reaches the waitlist form', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await page.getByRole('link', { name: 'Join the beta' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('What do you monitor today? (optional)')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Join the waitlist' })).toBeFocused();
});

import type { APIRequestContext } from '@playwright/test';
import { smtpPort } from '../../playwright.config';
import { collectMail } from '../helpers/smtp';
import { addAgent, addMonitor, expect, PASSWORD, signUp, test, uniqueEmail } from './helpers';

// An owner invites a colleague by e-mail (received by a local SMTP server on the port the
// app mails to); the colleague signs up through the link, sees the team's dashboard and
// acknowledges an incident as a responder; a viewer sees the controls it may not use
// disabled with the reason; people switch between their teams.

async function post(request: APIRequestContext, token: string, heartbeats: object[]) {
  const response = await request.post('/api/v1/agent/heartbeats', { headers: { authorization: `Bearer ${token}` }, data: { heartbeats } });
  expect(response.status()).toBe(202);
}

test('invite a colleague by mail, who joins, sees the team and acknowledges; a viewer sees why it cannot; switching teams', async ({ page, browser, request }) => {
  test.setTimeout(150_000);
  const { mails, close } = await collectMail(smtpPort);
  try {
    const owner = uniqueEmail('team-owner');
    await signUp(page, owner);
    await expect(page.getByTestId('current-team')).toHaveText(owner);
    const token = await addAgent(page, 'Team probe');
    await addMonitor(page, { name: 'team-checkout', type: 'tcp', target: 'checkout.internal:443' });
    const monitorId = (await page.getByRole('link', { name: 'team-checkout', exact: true }).getAttribute('href'))!.split('/').pop()!;
    const now = Date.now();
    await post(request, token, [0, 1].map((i) => ({ monitorId, time: new Date(now - (2 - i) * 60_000).toISOString(), status: 'down', errorMessage: 'connection refused' })));

    // The owner names the team and invites a responder.
    await page.goto('/settings/team');
    await page.getByLabel('Team name', { exact: true }).fill('Checkout crew');
    await page.getByRole('button', { name: 'Save team' }).click();
    await expect(page.getByTestId('current-team')).toHaveText('Checkout crew');
    const colleague = uniqueEmail('colleague');
    await page.getByLabel('E-mail', { exact: true }).fill(colleague);
    await page.getByLabel('Role', { exact: true }).selectOption('responder');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('region', { name: 'Invite a member' }).getByRole('status')).toContainText(`Invitation e-mailed to ${colleague}`);
    await expect(page.getByTestId('invitation-row')).toContainText(owner);
    await expect.poll(() => mails.find((mail) => mail.to === colleague), { timeout: 30_000 }).toBeTruthy();
    const mail = mails.find((m) => m.to === colleague)!;
    expect(mail.subject).toBe(`${owner} invited you to Checkout crew on Watchpost`);
    const link = /(http\S+\/join\/\S+)/.exec(mail.text)![1]!;

    // The colleague follows the link, creates the account for that address, lands in the team.
    const theirs = await browser.newContext();
    const other = await theirs.newPage();
    await other.goto(link);
    await expect(other.getByRole('heading', { name: 'Join Checkout crew' })).toBeVisible();
    await other.getByRole('link', { name: 'Create account' }).click();
    await expect(other.getByLabel('E-mail')).toHaveValue(colleague);
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Create account' }).click();
    await expect(other).toHaveURL(/\/dashboard$/);
    await expect(other.getByLabel('Team', { exact: true })).toHaveValue(/.+/);
    await expect(other.getByLabel('Team', { exact: true }).locator('option:checked')).toHaveText('Checkout crew');
    await expect(other.getByRole('link', { name: 'team-checkout', exact: true }).first()).toBeVisible();
    const incidents = other.getByRole('region', { name: '1 open incident' });
    await incidents.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(incidents).toContainText(`acknowledged by ${colleague}`, { ignoreCase: true });

    // Switching to their own team shows their own (empty) dashboard, and back.
    await other.getByLabel('Team', { exact: true }).selectOption({ label: colleague });
    await expect(other).toHaveURL(/\/dashboard$/);
    await expect(other.getByLabel('Team', { exact: true }).locator('option:checked')).toHaveText(colleague);
    await expect(other.getByRole('link', { name: 'team-checkout', exact: true })).toHaveCount(0);
    // A link to the other team's monitor switches back instead of answering 404.
    await other.goto(`/monitors/${monitorId}`);
    await expect(other.getByRole('heading', { name: 'team-checkout' })).toBeVisible();
    await expect(other.getByLabel('Team', { exact: true }).locator('option:checked')).toHaveText('Checkout crew');
    await other.screenshot({ path: test.info().outputPath('team-member-1280.png'), fullPage: false });

    // A viewer: the controls it may not use are disabled, each saying why.
    await page.goto('/settings/team');
    const viewer = uniqueEmail('viewer');
    await page.getByLabel('E-mail', { exact: true }).fill(viewer);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => mails.find((m) => m.to === viewer), { timeout: 30_000 }).toBeTruthy();
    const viewerLink = /(http\S+\/join\/\S+)/.exec(mails.find((m) => m.to === viewer)!.text)![1]!;
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await phoneContext.newPage();
    await phone.goto(viewerLink);
    await phone.getByRole('link', { name: 'Create account' }).click();
    await phone.getByLabel('Password').fill(PASSWORD);
    await phone.getByRole('button', { name: 'Create account' }).click();
    await expect(phone).toHaveURL(/\/dashboard$/);
    await phone.goto('/monitors/new');
    await expect(phone.getByRole('button', { name: 'Create monitor' })).toBeDisabled();
    await expect(phone.getByRole('button', { name: 'Create monitor' })).toHaveAccessibleDescription('Only editors can add, change or delete monitors.');
    await phone.goto('/incidents');
    await expect(phone.getByRole('button', { name: 'Resolve' }).first()).toBeDisabled();
    await expect(phone.getByRole('button', { name: 'Resolve' }).first()).toHaveAccessibleDescription('Only responders can acknowledge or resolve incidents.');
    await phone.goto('/settings/team');
    await expect(phone.getByRole('button', { name: 'Send invitation' })).toHaveAccessibleDescription('Only admins can invite or remove members and change their roles.');
    await phone.screenshot({ path: test.info().outputPath('team-viewer-390.png'), fullPage: true });
    await phone.goto('/settings/audit');
    await expect(phone.getByText('Only admins can read the audit log.')).toBeVisible();

    // The owner sees both members with their roles, and removes the viewer: out at once.
    await page.reload();
    await expect(page.getByTestId('member-row')).toHaveCount(3);
    await page.getByRole('form', { name: `Remove ${viewer}` }).getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByTestId('member-row')).toHaveCount(2);
    await phone.reload();
    await expect(phone.getByTestId('current-team')).toHaveText(viewer);
    await page.screenshot({ path: test.info().outputPath('team-owner-1280.png'), fullPage: true });

    // The audit log shows each of these with the right person; filtered by person; as CSV.
    await page.goto('/settings/audit');
    const rows = page.getByTestId('audit-row');
    await expect(rows.filter({ hasText: 'acknowledged' })).toContainText(colleague);
    await expect(rows.filter({ hasText: 'joined' }).filter({ hasText: colleague })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'removed' })).toContainText(owner);
    await expect(rows.filter({ hasText: 'removed' })).toContainText(viewer);
    await expect(rows.filter({ hasText: 'invited' })).toHaveCount(2);
    await page.getByLabel('Person').selectOption({ label: colleague });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(rows).toHaveCount(2);
    await page.screenshot({ path: test.info().outputPath('audit-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: test.info().outputPath('audit-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    const csv = await (await page.request.get(`/settings/audit/export?kind=incident`)).text();
    expect(csv.split('\r\n')[0]).toBe('time,person,action,object,object_id,name,fields,ip');
    expect(csv).toContain(`,${colleague},acknowledged,incident,`);
    await theirs.close();
    await phoneContext.close();
  } finally {
    await close();
  }
});

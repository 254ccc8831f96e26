import { test as base, type BrowserContext, expect, type Page } from '@playwright/test';
import { dataDir, inviteDataDir, invitePort, mainPort, ssoDataDir, ssoPort } from '../../playwright.config';
import { runAdmin } from '../helpers/admin';

export { expect };

/**
 * Every browser test, with a watch on the Content-Security-Policy: any violation Chromium
 * reports on any page of any context the test opens (the event, or Chromium's console
 * error about it) fails the test, so the journeys prove the pages work under the policy.
 */
export const test = base.extend<{ cspViolations: { watch(context: BrowserContext): Promise<void> } }>({
  cspViolations: [
    async ({ browser }, use) => {
      const violations: string[] = [];
      const watched = new WeakSet<BrowserContext>();
      const watch = async (context: BrowserContext) => {
        if (watched.has(context)) return;
        watched.add(context);
        await context.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (event) => {
            console.error(`[csp-violation] ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
          });
        });
        context.on('console', (message) => {
          if (/csp-violation|Content Security Policy/i.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
        });
      };
      const newContext = browser.newContext;
      browser.newContext = async function (this: typeof browser, ...args: Parameters<typeof newContext>) {
        const context = await newContext.apply(browser, args);
        await watch(context);
        return context;
      };
      await use({ watch });
      browser.newContext = newContext;
      expect(violations, 'Content-Security-Policy violations in Chromium').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ context, cspViolations }, use) => {
    await cspViolations.watch(context);
    await use(context);
  },
});

export const PASSWORD = 'a long and unusual secret';

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Create a monitor through the form; the monitors list then shows it. */
export async function addMonitor(page: Page, fields: { name: string; type: string; target: string }, extra?: () => Promise<void>): Promise<void> {
  await page.goto('/monitors/new');
  await page.getByLabel('Name', { exact: true }).fill(fields.name);
  await page.getByLabel('Type').selectOption(fields.type);
  await page.getByRole('textbox', { name: /URL|Host/ }).fill(fields.target);
  await extra?.();
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page).toHaveURL(/\/monitors\?notice=created$/);
  await expect(page.getByRole('cell', { name: fields.name, exact: true })).toBeVisible();
}

/** Add a remote agent through the form; returns its token. */
export async function addAgent(page: Page, name: string): Promise<string> {
  await page.goto('/agents');
  await page.getByLabel('Agent name').fill(name);
  await page.getByRole('button', { name: 'Add agent' }).click();
  return (await page.getByTestId('agent-token').textContent())!.trim();
}

/** Create a status page through the forms, with components each backed by one monitor; returns its address. */
export async function addStatusPage(page: Page, title: string, components: [name: string, monitor: string][] = []): Promise<string> {
  await page.goto('/status-pages');
  await page.getByLabel('Title').fill(title);
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now()}`;
  await page.getByLabel('Address').fill(slug);
  await page.getByRole('button', { name: 'Create status page' }).click();
  await expect(page.getByText('Status page created.')).toBeVisible();
  for (const [name, monitor] of components) {
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add component' }) });
    await form.getByLabel('Component name').fill(name);
    await form.getByLabel(monitor).check();
    await form.getByRole('button', { name: 'Add component' }).click();
    await expect(page.getByText(`Backed by ${monitor}`)).toBeVisible();
  }
  return slug;
}

/** `npm run admin -- …` as the operator runs it on the machine of one of the test servers; fails on an error. */
export async function admin(args: string[], server: 'main' | 'invite' | 'sso' = 'main'): Promise<string> {
  const [dir, port] = ({ main: [dataDir, mainPort], invite: [inviteDataDir, invitePort], sso: [ssoDataDir, ssoPort] } as const)[server];
  const result = await runAdmin(args, { DATABASE_URL: '', WATCHPOST_DATA_DIR: dir, PORT: String(port), HOSTNAME: '127.0.0.1' });
  if (result.code !== 0) throw new Error(`npm run admin -- ${args.join(' ')} exited ${result.code}\n${result.stderr}`);
  return result.stdout;
}

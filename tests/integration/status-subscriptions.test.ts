import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { addComponent, createStatusPage, setStatusPagePassword } from '@/lib/status-pages/manage';
import { addPostUpdate, createPost } from '@/lib/status-pages/posts';
import { componentFormSchema, createPostSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { deliverDue } from '@/lib/notifications/worker';
import { agentWithMonitors } from '../helpers/ingest';
import { openMailbox, type ReceivedMail } from '../helpers/mailbox';
import { testSql } from '../helpers/sql';
import { teamCtx } from '../helpers/fixtures';

const sql = testSql();
let mailbox: Awaited<ReturnType<typeof openMailbox>>;

beforeAll(async () => {
  process.env.WATCHPOST_PUBLIC_URL = 'https://watch.example';
  resetEnvCache();
  mailbox = await openMailbox();
});
afterAll(async () => {
  await mailbox.close();
  delete process.env.WATCHPOST_PUBLIC_URL;
  resetEnvCache();
  await sql.end();
});
afterEach(() => {
  mailbox.mails.length = 0;
});

let ipCounter = 1;
const freshIp = () => `198.51.100.${ipCounter++}`;

async function subscribeForm(address: string, fields: [string, string][], headers: Record<string, string> = {}) {
  const { POST } = await import('@/app/s/[slug]/subscribe/route');
  const response = await POST(
    new Request(`https://watch.example/s/${address}/subscribe`, { method: 'POST', headers: { 'x-watchpost-client-ip': freshIp(), ...headers }, body: new URLSearchParams(fields) }),
    { params: Promise.resolve({ slug: address }) },
  );
  return { status: response.status, html: await response.text() };
}

async function followLink(url: string, method: 'GET' | 'POST', body?: string) {
  const { GET, POST } = await import('@/app/s/[slug]/subscription/[link]/route');
  const [, slug, link] = new URL(url).pathname.match(/^\/s\/([^/]+)\/subscription\/([^/]+)$/)!;
  const request = new Request(url, { method, headers: { 'x-watchpost-client-ip': freshIp(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body });
  const response = await (method === 'GET' ? GET : POST)(request, { params: Promise.resolve({ slug: slug!, link: link! }) });
  return { status: response.status, html: await response.text() };
}

/** Deliver what is queued and return the mails that arrived. */
async function delivered(): Promise<ReceivedMail[]> {
  await deliverDue({ limit: 100 });
  const mails = [...mailbox.mails];
  mailbox.mails.length = 0;
  return mails;
}

const linkIn = (mail: ReceivedMail, kind: 'confirm' | 'unsubscribe') => mail.text.match(new RegExp(`https://watch\\.example/s/[^\\s]+/subscription/${kind}\\?[^\\s]+`))?.[0];

async function pageWithTwoComponents() {
  const owner = await agentWithMonitors(2);
  const ctx = teamCtx(owner.userId);
  const address = `subs-${randomUUID().slice(0, 8)}`;
  const page = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Acme status', slug: address, timeZone: 'Europe/Berlin' }) });
  const api = await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'API', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });
  const web = await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Website', [`monitor:${owner.monitorIds[1]}`]: 'on' }) } });
  const post = (title: string, componentIds: string[], body = 'We are looking into it.') =>
    createPost({
      ctx,
      input: createPostSchema.parse({ pageId: page.id, title, impact: 'minor', state: 'investigating', body, ...Object.fromEntries(componentIds.map((id) => [`component:${id}`, 'on'])) }),
    });
  return { owner, ctx, address, page, api, web, post };
}

describe('status page subscriptions', () => {
  it('double opt-in: a confirmation mail, nothing before it is confirmed, a GET that changes nothing, then every update', async () => {
    const { ctx, address, post } = await pageWithTwoComponents();
    const { GET } = await import('@/app/s/[slug]/route');
    const pageHtml = await (await GET(new Request(`https://watch.example/s/${address}`, { headers: { 'x-watchpost-client-ip': freshIp() } }), { params: Promise.resolve({ slug: address }) })).text();
    expect(pageHtml).toContain(`action="/s/${address}/subscribe"`);
    expect(pageHtml).toContain('<label for="subscribe-email">Email address</label>');

    const answer = await subscribeForm(address, [['email', ' Reader@Example.com ']]);
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('Check your inbox');
    const [confirmation, ...others] = await delivered();
    expect(others).toEqual([]);
    expect(confirmation).toMatchObject({ to: 'reader@example.com', subject: 'Confirm your subscription to Acme status' });
    expect(confirmation!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const confirmUrl = linkIn(confirmation!, 'confirm')!;
    expect(confirmUrl).toBeTruthy();

    // Not confirmed: a post sends it nothing.
    await post('Before confirming', []);
    expect(await delivered()).toEqual([]);

    // A mail scanner that opens the link confirms nothing: the page only offers the button.
    const scanned = await followLink(confirmUrl, 'GET');
    expect(scanned.status).toBe(200);
    expect(scanned.html).toContain('Confirm subscription</button>');
    const [pending] = await sql`SELECT confirmed_at FROM status_page_subscribers WHERE email = 'reader@example.com' AND page_id IN (SELECT id FROM status_pages WHERE slug = ${address})`;
    expect(pending!.confirmed_at).toBeNull();
    // A forged or damaged token does nothing.
    expect((await followLink(confirmUrl.replace(/token=[^&]+/, 'token=forged'), 'POST')).status).toBe(404);
    expect((await followLink(confirmUrl, 'POST')).html).toContain('You are subscribed');

    const first = await post('Checkout errors', [], 'Payments **fail** for some cards.\n\n<script>alert(1)</script>');
    const [mail] = await delivered();
    expect(mail).toMatchObject({ to: 'reader@example.com', subject: '[Acme status] Investigating: Checkout errors', messageId: `<post-${first.id}@watchpost>` });
    expect(mail!.text).toContain('Payments **fail** for some cards.');
    expect(mail!.text).toContain(`https://watch.example/s/${address}#post-${first.id}`);
    expect(mail!.headers.get('list-unsubscribe')).toMatch(/^<https:\/\/watch\.example\/s\/.+\/subscription\/unsubscribe\?id=.+&token=.+>$/);
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(linkIn(mail!, 'unsubscribe')).toBeTruthy();

    await addPostUpdate({ ctx, input: { postId: first.id, state: 'resolved', body: 'Fixed.' } });
    const [second] = await delivered();
    expect(second).toMatchObject({ subject: '[Acme status] Resolved: Checkout errors', inReplyTo: `<post-${first.id}@watchpost>` });
  });

  it('a subscriber to one component gets the posts about it, and those naming no component, not the others', async () => {
    const { address, api, web, post } = await pageWithTwoComponents();
    await subscribeForm(address, [
      ['email', 'api-only@example.com'],
      ['component', api.id],
    ]);
    await followLink(linkIn((await delivered())[0]!, 'confirm')!, 'POST');
    await post('Website slow', [web.id]);
    await post('API errors', [api.id]);
    await post('Everything', []);
    expect((await delivered()).map((m) => m.subject).sort()).toEqual(['[Acme status] Investigating: API errors', '[Acme status] Investigating: Everything']);
  });

  it('one-click unsubscribe (RFC 8058) ends it at once, queued mail included', async () => {
    const { address, post } = await pageWithTwoComponents();
    await subscribeForm(address, [['email', 'leaving@example.com']]);
    await followLink(linkIn((await delivered())[0]!, 'confirm')!, 'POST');
    await post('First', []);
    const [mail] = await delivered();
    const unsubscribe = mail!.headers.get('list-unsubscribe') as string;
    await post('Queued, never sent', []);
    const oneClick = await followLink(unsubscribe.slice(1, -1), 'POST', 'List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    expect(oneClick.html).toContain('You are unsubscribed');
    expect(await delivered()).toEqual([]);
    expect(await sql`SELECT 1 FROM status_page_subscribers WHERE email = 'leaving@example.com'`).toHaveLength(0);
    await post('After', []);
    expect(await delivered()).toEqual([]);
  });

  it('the same answer for an address already subscribed, and no second confirmation within minutes', async () => {
    const { address } = await pageWithTwoComponents();
    const a = await subscribeForm(address, [['email', 'twice@example.com']]);
    const b = await subscribeForm(address, [['email', 'TWICE@example.com']]);
    expect(b).toEqual(a);
    expect(await delivered()).toHaveLength(1);
    expect(await sql`SELECT 1 FROM status_page_subscribers WHERE lower(email) = 'twice@example.com'`).toHaveLength(1);
  });

  it('refuses bad input and changes nothing: a malformed address, another page’s component, a cross-site form, a flood, a protected page', async () => {
    const { address, ctx, page } = await pageWithTwoComponents();
    const other = await pageWithTwoComponents();
    const count = async () => Number((await sql`SELECT count(*)::int AS n FROM status_page_subscribers WHERE page_id = ${page.id}`)[0]!.n);

    const malformed = await subscribeForm(address, [['email', 'not an address']]);
    expect(malformed.status).toBe(400);
    expect(malformed.html).toContain('Enter an e-mail address like name@example.com.');
    const foreign = await subscribeForm(address, [
      ['email', 'x@example.com'],
      ['component', other.api.id],
    ]);
    expect(foreign).toMatchObject({ status: 400, html: expect.stringContaining('Choose among the components of this page.') });
    expect((await subscribeForm(address, [['email', 'x@example.com'], ['component', 'not-a-uuid']])).status).toBe(400);
    const oversize = await subscribeForm(address, [['email', `${'x'.repeat(20_000)}@example.com`]]);
    expect(oversize).toMatchObject({ status: 413, html: expect.stringContaining('That form is too large.') });
    const crossSite = await subscribeForm(address, [['email', 'x@example.com']], { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await count()).toBe(0);

    process.env.ANONYMOUS_FORM_LIMIT_PER_HOUR = '3';
    resetEnvCache();
    try {
      const { POST } = await import('@/app/s/[slug]/subscribe/route');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await POST(
          new Request(`https://watch.example/s/${address}/subscribe`, { method: 'POST', headers: { 'x-watchpost-client-ip': '203.0.113.250' }, body: new URLSearchParams({ email: `flood${i}@example.com` }) }),
          { params: Promise.resolve({ slug: address }) },
        );
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(await count()).toBe(3);
    } finally {
      delete process.env.ANONYMOUS_FORM_LIMIT_PER_HOUR;
      resetEnvCache();
    }
    await delivered();

    await setStatusPagePassword({ ctx, input: { pageId: page.id, password: 'members only' } });
    expect((await subscribeForm(address, [['email', 'y@example.com']])).status).toBe(404);
    expect(await count()).toBe(3);
  });
});

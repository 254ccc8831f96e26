import { randomUUID } from 'node:crypto';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, describe, expect, it } from 'vitest';
import { listStatusPages, monitorChoices, postsForOwner, statusPageBySlug, statusPageForOwner } from '@/db/queries/status-pages';
import { resetEnvCache } from '@/lib/env';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { isUnlocked, unlockToken } from '@/lib/status-pages/access';
import {
  addComponent,
  createStatusPage,
  deleteComponent,
  deleteStatusPage,
  moveComponent,
  setStatusPagePassword,
  updateComponent,
  updateStatusPage,
} from '@/lib/status-pages/manage';
import { addPostUpdate, createPost, deletePost, updatePost } from '@/lib/status-pages/posts';
import { loadPublicStatusPage } from '@/lib/status-pages/public-view';
import { addPostUpdateSchema, componentFormSchema, createPostSchema, statusPageFormSchema, updatePostSchema } from '@/lib/status-pages/schemas';
import { createTestUser, refusal, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());

const pageInput = (slug: string, extra: Record<string, string> = {}) => statusPageFormSchema.parse({ title: 'Acme status', slug, timeZone: 'UTC', ...extra });
const slug = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

function fieldProblem(schema: typeof statusPageFormSchema, input: Record<string, string>, field: string): string | undefined {
  const parsed = schema.safeParse({ title: 'T', slug: 'good-slug', timeZone: 'UTC', ...input });
  return parsed.success ? undefined : parsed.error.issues.find((issue) => issue.path[0] === field)?.message;
}

describe('managing status pages', () => {
  it('refuses a malformed or reserved address, a javascript: logo and a time zone that does not exist', () => {
    expect(fieldProblem(statusPageFormSchema, { slug: 'Has Spaces' }, 'slug')).toMatch(/lower-case letters/);
    expect(fieldProblem(statusPageFormSchema, { slug: '-dash-first' }, 'slug')).toMatch(/lower-case letters/);
    expect(fieldProblem(statusPageFormSchema, { slug: 'ab' }, 'slug')).toMatch(/at least 3/);
    expect(fieldProblem(statusPageFormSchema, { slug: 'api' }, 'slug')).toMatch(/reserved/);
    expect(fieldProblem(statusPageFormSchema, { logoUrl: 'javascript:alert(1)' }, 'logoUrl')).toMatch(/http/);
    expect(fieldProblem(statusPageFormSchema, { logoUrl: 'data:image/png;base64,AAAA' }, 'logoUrl')).toMatch(/http/);
    expect(fieldProblem(statusPageFormSchema, { logoUrl: 'https://user:pw@example.com/logo.png' }, 'logoUrl')).toMatch(/http/);
    expect(fieldProblem(statusPageFormSchema, { timeZone: 'Mars/Olympus_Mons' }, 'timeZone')).toMatch(/not a time zone/);
    for (const host of ['https://status.example.com', 'status.example.com:8080', 'localhost', '10.0.0.1', 'status..example.com', 'status.example.com/path', '-bad.example.com']) {
      expect(fieldProblem(statusPageFormSchema, { customHost: host }, 'customHost'), host).toMatch(/host name/);
    }
    expect(statusPageFormSchema.parse({ title: 'T', slug: 'ok-slug', customHost: 'Status.Example.COM.' }).customHost).toBe('status.example.com');
    expect(statusPageFormSchema.parse({ title: ' T ', slug: ' My-Page ', timeZone: 'europe/berlin', logoUrl: '' })).toEqual({
      title: 'T',
      slug: 'my-page',
      description: '',
      logoUrl: undefined,
      timeZone: 'Europe/Berlin',
      customHost: undefined,
      allowFraming: false,
      sloDays: null,
    });
    expect(statusPageFormSchema.parse({ title: 'T', slug: 'ok-slug', sloDays: '90' }).sloDays).toBe(90);
    expect(fieldProblem(statusPageFormSchema, { sloDays: '60' }, 'sloDays')).toMatch(/30 or 90 days/);
  });

  it('refuses an address already taken, and changes nothing', async () => {
    const owner = await createTestUser('pages');
    const other = await createTestUser('pages');
    const taken = slug('taken');
    await createStatusPage({ ctx: teamCtx(owner.userId), input: pageInput(taken) });
    const error = await refusal(createStatusPage({ ctx: teamCtx(other.userId), input: pageInput(taken) }));
    expect(error.code).toBe('CONFLICT');
    expect(error.options.details?.[0]?.field).toBe('slug');
    expect(await listStatusPages(other.teamId)).toEqual([]);
  });

  it("answers another user's page, component and monitor ids with NOT_FOUND, and touches nothing", async () => {
    const owner = await agentWithMonitors(2);
    const stranger = await agentWithMonitors(1);
    const ownerCtx = teamCtx(owner.userId);
    const strangerCtx = teamCtx(stranger.userId);
    const page = await createStatusPage({ ctx: ownerCtx, input: pageInput(slug('mine')) });
    const component = await addComponent({ ctx: ownerCtx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'API', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });
    const comp = componentFormSchema.parse({ name: 'Stolen', [`monitor:${stranger.monitorIds[0]}`]: 'on' });

    for (const attempt of [
      () => updateStatusPage({ ctx: strangerCtx, input: { pageId: page.id, ...pageInput(slug('hijack')) } }),
      () => deleteStatusPage({ ctx: strangerCtx, input: { pageId: page.id } }),
      () => setStatusPagePassword({ ctx: strangerCtx, input: { pageId: page.id, password: 'a password' } }),
      () => addComponent({ ctx: strangerCtx, input: { pageId: page.id, ...comp } }),
      () => updateComponent({ ctx: strangerCtx, input: { componentId: component.id, ...comp } }),
      () => deleteComponent({ ctx: strangerCtx, input: { componentId: component.id } }),
      () => moveComponent({ ctx: strangerCtx, input: { componentId: component.id, direction: 'down' } }),
      // The owner may not back a component with someone else's monitor.
      () => addComponent({ ctx: ownerCtx, input: { pageId: page.id, ...comp } }),
      () => updateComponent({ ctx: ownerCtx, input: { componentId: component.id, ...comp } }),
    ]) {
      expect((await refusal(attempt())).code).toBe('NOT_FOUND');
    }
    expect(await statusPageForOwner(stranger.teamId, page.id)).toBeNull();
    const unchanged = await statusPageForOwner(owner.teamId, page.id);
    expect(unchanged).toMatchObject({ title: 'Acme status', protected: false });
    expect(unchanged?.components.map((c) => [c.name, c.monitors.map((m) => m.id)])).toEqual([['API', [owner.monitorIds[0]]]]);
    expect((await monitorChoices(stranger.teamId)).map((m) => m.id)).toEqual(stranger.monitorIds);
  });

  it('adds, edits, reorders and removes components', async () => {
    const owner = await agentWithMonitors(3);
    const ctx = teamCtx(owner.userId);
    const page = await createStatusPage({ ctx, input: pageInput(slug('order')) });
    const ids = [];
    for (const [i, name] of ['API', 'Website', 'Checkout'].entries()) {
      ids.push((await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name, [`monitor:${owner.monitorIds[i]}`]: 'on' }) } })).id);
    }
    await moveComponent({ ctx, input: { componentId: ids[2]!, direction: 'up' } });
    await moveComponent({ ctx, input: { componentId: ids[0]!, direction: 'up' } }); // already first: nothing moves
    await updateComponent({
      ctx,
      input: { componentId: ids[1]!, ...componentFormSchema.parse({ name: 'Web', groupName: 'Front', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }) },
    });
    await deleteComponent({ ctx, input: { componentId: ids[0]! } });
    const saved = await statusPageForOwner(owner.teamId, page.id);
    expect(saved?.components.map((c) => [c.name, c.groupName, c.monitors.length])).toEqual([
      ['Checkout', '', 1],
      ['Web', 'Front', 2],
    ]);
    expect(componentFormSchema.safeParse({ name: 'No monitors' }).error?.issues[0]?.message).toMatch(/at least one monitor/);
  });

  it('opens a protected page only with the cookie of its current password', async () => {
    const owner = await createTestUser('locked');
    const page = await createStatusPage({ ctx: teamCtx(owner.userId), input: pageInput(slug('locked')) });
    await setStatusPagePassword({ ctx: teamCtx(owner.userId), input: { pageId: page.id, password: 'first password' } });
    const first = (await statusPageBySlug((await statusPageForOwner(owner.teamId, page.id))!.slug))!;
    expect(first.passwordHash).toMatch(/^\$argon2id\$/);
    const cookie = unlockToken(first);
    expect(isUnlocked(first, undefined)).toBe(false);
    expect(isUnlocked(first, 'forged')).toBe(false);
    expect(isUnlocked(first, cookie)).toBe(true);
    await setStatusPagePassword({ ctx: teamCtx(owner.userId), input: { pageId: page.id, password: 'second password' } });
    const second = (await statusPageBySlug(first.slug))!;
    expect(isUnlocked(second, cookie)).toBe(false);
    await setStatusPagePassword({ ctx: teamCtx(owner.userId), input: { pageId: page.id, password: null } });
    expect(isUnlocked((await statusPageBySlug(first.slug))!, undefined)).toBe(true);
  });
});

describe('what the public sees', () => {
  it("aggregates each component's status from its monitors, worst first", async () => {
    const owner = await agentWithMonitors(3);
    const ctx = teamCtx(owner.userId);
    const page = await createStatusPage({ ctx, input: pageInput(slug('agg')) });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'All', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }) } });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Solo', [`monitor:${owner.monitorIds[2]}`]: 'on' }) } });
    await sql`UPDATE agents SET last_seen_at = now(), status = 'online' WHERE id = ${owner.agentId}`;
    await sql`UPDATE monitors SET status = 'up' WHERE id = ANY(${owner.monitorIds}::uuid[])`;
    await sql`UPDATE monitors SET status = 'down' WHERE id = ${owner.monitorIds[1]!}`;
    const view = await loadPublicStatusPage((await statusPageBySlug((await statusPageForOwner(owner.teamId, page.id))!.slug))!);
    expect(view.groups[0]?.components.map((c) => [c.name, c.status])).toEqual([
      ['All', 'outage'],
      ['Solo', 'operational'],
    ]);
    expect(view.overall).toEqual({ status: 'outage', line: 'Partial outage' });
  });

  it('draws 90-day bars that equal a recount of the raw heartbeats by day in the page time zone, across a daylight-saving change', async () => {
    const owner = await agentWithMonitors(2);
    const ctx = teamCtx(owner.userId);
    const timeZone = 'America/New_York';
    const page = await createStatusPage({ ctx, input: pageInput(slug('bars'), { timeZone }) });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Both', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }) } });
    // Every 20 minutes from 2026-10-30 to 2026-11-03 (New York falls back on 2026-11-01: a 25-hour day).
    const from = Date.UTC(2026, 9, 30, 0, 0);
    const to = Date.UTC(2026, 10, 3, 0, 0);
    await sql`
      INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
      SELECT t, m, ${owner.agentId}, CASE WHEN (extract(epoch FROM t)::bigint / 1200 + i) % 7 = 0 THEN 'down' ELSE 'up' END, 10
      FROM generate_series(${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz - interval '1 second', interval '20 minutes') AS t,
           unnest(${owner.monitorIds}::uuid[]) WITH ORDINALITY AS u(m, i)`;
    // Two overlapping incidents on the fall-back day, and one on another monitor the day before.
    await sql`INSERT INTO incidents (monitor_id, status, started_at, resolved_at) VALUES
      (${owner.monitorIds[0]!}, 'resolved', '2026-11-01T14:00:00Z', '2026-11-01T15:00:00Z'),
      (${owner.monitorIds[1]!}, 'resolved', '2026-11-01T14:30:00Z', '2026-11-01T16:00:00Z'),
      (${owner.monitorIds[1]!}, 'resolved', '2026-10-31T03:00:00Z', '2026-10-31T03:10:00Z')`;
    await refreshAllRollups();
    const now = new Date('2026-11-20T12:00:00Z');
    const view = await loadPublicStatusPage((await statusPageBySlug((await statusPageForOwner(owner.teamId, page.id))!.slug))!, { now });
    const days = view.groups[0]!.components[0]!.days;
    expect(days).toHaveLength(90);
    expect(days.at(-1)?.day).toBe('2026-11-20');

    const raw = await sql<{ time: Date; status: string }[]>`SELECT time, status FROM heartbeats WHERE monitor_id = ANY(${owner.monitorIds}::uuid[])`;
    const localDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
    const recount = new Map<string, { checks: number; failed: number }>();
    for (const row of raw) {
      const entry = recount.get(localDay(new Date(row.time))) ?? { checks: 0, failed: 0 };
      entry.checks++;
      if (row.status !== 'up') entry.failed++;
      recount.set(localDay(new Date(row.time)), entry);
    }
    for (const day of days) {
      const expected = recount.get(day.day);
      expect([day.day, day.checks, day.failed], day.day).toEqual([day.day, expected?.checks ?? 0, expected?.failed ?? 0]);
      if (!expected) expect(day.uptime).toBeNull();
    }
    // 2026-11-01 in New York has 25 hours: 75 checks per monitor.
    expect(days.find((d) => d.day === '2026-11-01')).toMatchObject({ checks: 150, incidents: 2, downtimeSeconds: 2 * 3600 });
    // The incident at 03:00 UTC on the 31st is 23:00 on the 30th in New York.
    expect(days.find((d) => d.day === '2026-10-30')).toMatchObject({ checks: 144, incidents: 1, downtimeSeconds: 600 });
    expect(days.find((d) => d.day === '2026-11-02')).toMatchObject({ incidents: 0, downtimeSeconds: 0 });
    const total = [...recount.values()].reduce((sum, d) => ({ checks: sum.checks + d.checks, failed: sum.failed + d.failed }), { checks: 0, failed: 0 });
    expect(view.groups[0]!.components[0]!.uptime).toBe(Math.floor(((total.checks - total.failed) / total.checks) * 10000) / 100);
  });

  it('never lets a private field of the monitors into the public view', async () => {
    const owner = await agentWithMonitors(2);
    const ctx = teamCtx(owner.userId);
    const secrets = {
      name: `secret-monitor-name-${randomUUID().slice(0, 6)}`,
      target: `secret-host-${randomUUID().slice(0, 6)}.internal:5432`,
      error: `secret error ${randomUUID().slice(0, 6)}`,
      agent: `secret-agent-${randomUUID().slice(0, 6)}`,
    };
    await sql`UPDATE monitors SET name = ${secrets.name}, target = ${secrets.target} WHERE id = ${owner.monitorIds[0]!}`;
    await sql`UPDATE agents SET name = ${secrets.agent} WHERE id = ${owner.agentId}`;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, error_message) VALUES (now() - interval '1 hour', ${owner.monitorIds[0]!}, ${owner.agentId}, 'down', ${secrets.error})`;
    await sql`INSERT INTO incidents (monitor_id, status, started_at) VALUES (${owner.monitorIds[0]!}, 'open', now() - interval '1 hour')`;
    await refreshAllRollups();
    const page = await createStatusPage({ ctx, input: pageInput(slug('leak'), { description: 'Public words only' }) });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Database', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }) } });
    const view = JSON.stringify(await loadPublicStatusPage((await statusPageBySlug((await statusPageForOwner(owner.teamId, page.id))!.slug))!));
    for (const value of [...Object.values(secrets), ...owner.monitorIds, owner.agentId, owner.userId, owner.email]) expect(view).not.toContain(value);
    expect(view).toContain('Database');
    expect(view).toContain('Public words only');
  });
});

describe('badges', () => {
  async function badge(slugValue: string, componentId: string, file: string, headers: Record<string, string> = {}) {
    const { GET } = await import('@/app/s/[slug]/badge/[componentId]/[file]/route');
    return GET(new Request(`http://watchpost.test/s/${slugValue}/badge/${componentId}/${file}`, { headers: { 'x-watchpost-client-ip': '203.0.113.9', ...headers } }), {
      params: Promise.resolve({ slug: slugValue, componentId, file }),
    });
  }

  it("serve a component's status and uptime as SVG and as a shields.io endpoint, cached with an ETag", async () => {
    const owner = await agentWithMonitors(2);
    const ctx = teamCtx(owner.userId);
    const address = slug('badges');
    const page = await createStatusPage({ ctx, input: pageInput(address) });
    const component = await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'API', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }) } });
    await sql`UPDATE agents SET last_seen_at = now(), status = 'online' WHERE id = ${owner.agentId}`;
    await sql`UPDATE monitors SET status = 'up' WHERE id = ANY(${owner.monitorIds}::uuid[])`;
    // 3 of 4 checks up over the last day.
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES
      (now() - interval '3 hours', ${owner.monitorIds[0]!}, ${owner.agentId}, 'up'), (now() - interval '2 hours', ${owner.monitorIds[0]!}, ${owner.agentId}, 'down'),
      (now() - interval '3 hours', ${owner.monitorIds[1]!}, ${owner.agentId}, 'up'), (now() - interval '2 hours', ${owner.monitorIds[1]!}, ${owner.agentId}, 'up')`;
    await refreshAllRollups();

    const svg = await badge(address, component.id, 'status.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=600');
    const text = await svg.text();
    expect(text).toMatch(/^<svg /);
    expect(text).toContain('API: operational');
    const again = await badge(address, component.id, 'status.svg', { 'if-none-match': svg.headers.get('etag')! });
    expect(again.status).toBe(304);

    const json = await badge(address, component.id, 'uptime-24h.json');
    expect(await json.json()).toEqual({ schemaVersion: 1, label: 'API 24h', message: '75.00%', color: 'red' });
    expect(await (await badge(address, component.id, 'uptime-90d.json')).json()).toMatchObject({ message: '75.00%' });

    await sql`UPDATE monitors SET status = 'down' WHERE id = ${owner.monitorIds[1]!}`;
    expect(await (await badge(address, component.id, 'status.json')).json()).toEqual({ schemaVersion: 1, label: 'API', message: 'outage', color: 'red' });
  });

  it("answer 404 for an unknown file, component, another page's component or a protected page, and 429 past the per-IP limit", async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const [first, second] = [slug('one'), slug('two')];
    const pageOne = await createStatusPage({ ctx, input: pageInput(first) });
    await createStatusPage({ ctx, input: pageInput(second) });
    const component = await addComponent({ ctx, input: { pageId: pageOne.id, ...componentFormSchema.parse({ name: 'API', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });
    expect((await badge(first, component.id, 'status.png')).status).toBe(404);
    expect((await badge(first, component.id, 'uptime-1y.svg')).status).toBe(404);
    expect((await badge(first, randomUUID(), 'status.svg')).status).toBe(404);
    expect((await badge(second, component.id, 'status.svg')).status).toBe(404);
    await setStatusPagePassword({ ctx, input: { pageId: pageOne.id, password: 'closed page' } });
    const closed = await badge(first, component.id, 'status.svg');
    expect(closed.status).toBe(404);
    expect(await closed.text()).not.toContain('API');

    const flood = { 'x-watchpost-client-ip': '198.51.100.77' };
    const statuses = [];
    for (let i = 0; i < 601; i++) statuses.push((await badge(first, component.id, 'nothing.svg', flood)).status);
    expect(statuses.slice(0, 600).every((status) => status === 404)).toBe(true);
    expect(statuses[600]).toBe(429);
    expect((await badge(first, component.id, 'nothing.svg')).status).toBe(404);
  });
});

describe('incident posts', () => {
  const postInput = (pageId: string, extra: Record<string, string> = {}) =>
    createPostSchema.parse({ pageId, title: 'Slow checkout', impact: 'minor', state: 'investigating', body: 'We are looking into it.', ...extra });

  it("refuse another user's page, another page's component and another user's incident", async () => {
    const owner = await agentWithMonitors(1);
    const stranger = await agentWithMonitors(1, { failureThreshold: 1 });
    const ctx = teamCtx(owner.userId);
    const page = await createStatusPage({ ctx, input: pageInput(slug('posts')) });
    const otherPage = await createStatusPage({ ctx, input: pageInput(slug('other')) });
    const foreign = await addComponent({ ctx, input: { pageId: otherPage.id, ...componentFormSchema.parse({ name: 'Elsewhere', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });
    const [incident] = await sql`INSERT INTO incidents (monitor_id, status, started_at) VALUES (${stranger.monitorIds[0]!}, 'open', now()) RETURNING id`;
    for (const attempt of [
      () => createPost({ ctx: teamCtx(stranger.userId), input: postInput(page.id) }),
      () => createPost({ ctx, input: postInput(page.id, { [`component:${foreign.id}`]: 'on' }) }),
      () => createPost({ ctx, input: postInput(page.id, { incidentId: incident!.id }) }),
    ]) {
      expect((await refusal(attempt())).code).toBe('NOT_FOUND');
    }
    expect(await postsForOwner(owner.teamId, page.id)).toEqual([]);
    expect(createPostSchema.safeParse({ pageId: page.id, title: 'x', impact: 'apocalyptic', state: 'investigating', body: 'b' }).success).toBe(false);
    expect(createPostSchema.safeParse({ pageId: page.id, title: 'x', impact: 'minor', state: 'investigating', body: '   ' }).success).toBe(false);
  });

  it('go from investigating to resolved with timestamped updates, show open posts first and history by month in the page time zone, and keep the incident private', async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const page = await createStatusPage({ ctx, input: pageInput(slug('story'), { timeZone: 'Pacific/Auckland' }) });
    const component = await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Checkout', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });
    const [incident] = await sql`INSERT INTO incidents (monitor_id, status, started_at) VALUES (${owner.monitorIds[0]!}, 'open', now()) RETURNING id`;
    const open = await createPost({ ctx, input: postInput(page.id, { [`component:${component.id}`]: 'on', incidentId: incident!.id }) });
    await addPostUpdate({ ctx, input: addPostUpdateSchema.parse({ postId: open.id, state: 'identified', body: 'A **bad deploy**.' }) });
    const old = await createPost({ ctx, input: postInput(page.id, { title: 'Old outage', state: 'resolved', body: 'Fixed.' }) });
    // An old post from 1 October 23:30 UTC: 2 October in Auckland.
    await sql`UPDATE status_page_posts SET created_at = '2026-10-01T23:30:00Z', resolved_at = '2026-10-02T01:00:00Z' WHERE id = ${old.id}`;
    expect((await refusal(addPostUpdate({ ctx: (await createTestUser('x')).ctx, input: { postId: open.id, state: 'resolved', body: 'hijack' } }))).code).toBe('NOT_FOUND');

    const record = (await statusPageBySlug((await statusPageForOwner(owner.teamId, page.id))!.slug))!;
    const now = new Date('2026-11-26T09:00:00Z');
    const view = await loadPublicStatusPage(record, { now });
    expect(view.openPosts.map((p) => [p.title, p.components, p.updates.map((u) => u.state)])).toEqual([['Slow checkout', ['Checkout'], ['identified', 'investigating']]]);
    expect(view.history).toMatchObject({ month: '2026-11', posts: [], previousMonth: '2026-10', nextMonth: null });
    const october = await loadPublicStatusPage(record, { now, month: '2026-10' });
    expect(october.history).toMatchObject({ month: '2026-10', previousMonth: null, nextMonth: '2026-11' });
    expect(october.history.posts.map((p) => p.title)).toEqual(['Old outage']);
    expect((await loadPublicStatusPage(record, { now, month: '2027-01' })).history.month).toBe('2026-11');
    expect((await loadPublicStatusPage(record, { now, month: "'; DROP TABLE x" })).history.month).toBe('2026-11');
    expect(JSON.stringify(view)).not.toContain(incident!.id);

    await addPostUpdate({ ctx, input: { postId: open.id, state: 'resolved', body: 'All good.' } });
    const resolved = await loadPublicStatusPage(record, { now: new Date() });
    expect(resolved.openPosts).toEqual([]);
    expect(resolved.history.posts.map((p) => p.title)).toContain('Slow checkout');
    // A later update in another state opens it again.
    await addPostUpdate({ ctx, input: { postId: open.id, state: 'monitoring', body: 'Watching it again.' } });
    expect((await loadPublicStatusPage(record, { now: new Date() })).openPosts.map((p) => p.title)).toEqual(['Slow checkout']);
    await updatePost({ ctx, input: updatePostSchema.parse({ postId: open.id, title: 'Checkout errors', impact: 'major' }) });
    const [saved] = await postsForOwner(owner.teamId, page.id);
    expect(saved).toMatchObject({ title: 'Checkout errors', impact: 'major', components: [] });
    await deletePost({ ctx, input: { postId: open.id } });
    expect((await postsForOwner(owner.teamId, page.id)).map((p) => p.title)).toEqual(['Old outage']);
  });
});

describe('feeds', () => {
  function entries(xml: string, tag: 'item' | 'entry') {
    const document = parseDocument(xml, { xmlMode: true });
    return DomUtils.getElementsByTagName(tag, document).map((element) => ({
      title: DomUtils.textContent(DomUtils.getElementsByTagName('title', element)[0]!),
      text: DomUtils.textContent(DomUtils.getElementsByTagName(tag === 'item' ? 'description' : 'content', element)[0]!),
    }));
  }

  it("list a page's posts as RSS and Atom that parse as XML, escaped, cached, and closed for a protected page", async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const address = slug('feed');
    const page = await createStatusPage({ ctx, input: pageInput(address) });
    await createPost({ ctx, input: createPostSchema.parse({ pageId: page.id, title: 'Login <errors> & "timeouts"', impact: 'major', state: 'investigating', body: 'Looking <b>into</b> it.' }) });
    const { GET: rss } = await import('@/app/s/[slug]/feed.rss/route');
    const { GET: atom } = await import('@/app/s/[slug]/feed.atom/route');
    const request = (path: string, headers: Record<string, string> = {}) => new Request(`http://watchpost.test/s/${address}/${path}`, { headers: { 'x-watchpost-client-ip': '192.0.2.44', ...headers } });
    const params = { params: Promise.resolve({ slug: address }) };

    const rssResponse = await rss(request('feed.rss'), params);
    expect(rssResponse.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const rssBody = await rssResponse.text();
    expect(entries(rssBody, 'item')).toEqual([{ title: 'Login <errors> & "timeouts"', text: expect.stringContaining('Investigating') }]);
    expect(entries(rssBody, 'item')[0]!.text).toContain('Looking <b>into</b> it.');
    expect(rssBody).not.toContain('<b>');
    const atomResponse = await atom(request('feed.atom'), params);
    expect(atomResponse.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(entries(await atomResponse.text(), 'entry').map((e) => e.title)).toEqual(['Login <errors> & "timeouts"']);
    expect((await rss(request('feed.rss', { 'if-none-match': rssResponse.headers.get('etag')! }), params)).status).toBe(304);

    await setStatusPagePassword({ ctx, input: { pageId: page.id, password: 'closed feed' } });
    expect((await rss(request('feed.rss'), params)).status).toBe(404);
    expect((await atom(request('feed.atom'), params)).status).toBe(404);
  });
});

describe('the public page over its route', () => {
  const get = async (address: string, headers: Record<string, string> = {}, search = '') => {
    const { GET } = await import('@/app/s/[slug]/route');
    return GET(new Request(`http://watchpost.test/s/${address}${search}`, { headers: { 'x-watchpost-client-ip': '192.0.2.80', ...headers } }), { params: Promise.resolve({ slug: address }) });
  };
  const unlock = async (address: string, password: string, ip = '192.0.2.81', extra: Record<string, string> = {}) => {
    const { POST } = await import('@/app/s/[slug]/unlock/route');
    return POST(
      new Request(`http://watchpost.test/s/${address}/unlock`, { method: 'POST', headers: { 'x-watchpost-client-ip': ip, ...extra }, body: new URLSearchParams({ password }) }),
      { params: Promise.resolve({ slug: address }) },
    );
  };

  it('serves plain HTML with no script, cached with an ETag, nothing private in it, and a password form for a protected page', async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const address = slug('route');
    const secretName = `private-monitor-${randomUUID().slice(0, 6)}`;
    await sql`UPDATE monitors SET name = ${secretName}, target = 'secret.internal:22' WHERE id = ${owner.monitorIds[0]!}`;
    const page = await createStatusPage({ ctx, input: pageInput(address, { description: 'Say <hello> & "goodbye"' }) });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Edge <router>', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });

    const response = await get(address);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=30, s-maxage=30, stale-while-revalidate=300');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'self'; img-src 'self' https: data:/);
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Say &lt;hello&gt; &amp; &quot;goodbye&quot;');
    expect(html).toContain('Edge &lt;router&gt;');
    for (const secret of [secretName, 'secret.internal', owner.monitorIds[0]!, owner.agentId]) expect(html).not.toContain(secret);
    expect((await get(address, { 'if-none-match': response.headers.get('etag')! })).status).toBe(304);
    // A change to the page shows at once: a new ETag.
    await updateStatusPage({ ctx, input: { pageId: page.id, ...pageInput(address, { description: 'Changed' }) } });
    const changed = await get(address, { 'if-none-match': response.headers.get('etag')! });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Changed');
    expect((await get('no-such-page-here')).status).toBe(404);

    await setStatusPagePassword({ ctx, input: { pageId: page.id, password: 'right password' } });
    const locked = await get(address);
    expect(locked.status).toBe(401);
    expect(locked.headers.get('cache-control')).toBe('private, no-store');
    const form = await locked.text();
    expect(form).toContain(`action="/s/${address}/unlock"`);
    expect(form).not.toContain('Edge');
    expect((await unlock(address, 'wrong password')).status).toBe(401);
    expect((await unlock(address, 'x'.repeat(20_000), '192.0.2.83')).status).toBe(413);
    // From another site, or with an Origin that is no origin: refused, not a crash.
    expect((await unlock(address, 'right password', '192.0.2.82', { host: 'watchpost.test', origin: 'https://evil.example' })).status).toBe(403);
    expect((await unlock(address, 'right password', '192.0.2.82', { host: 'watchpost.test', origin: 'null' })).status).toBe(403);
    const opened = await unlock(address, 'right password');
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`/s/${address}`);
    const cookie = opened.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`; Path=/s/${address}; Max-Age=2592000; HttpOnly; SameSite=Lax$`));
    const withCookie = await get(address, { cookie: cookie.split(';')[0]! });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get('cache-control')).toBe('private, no-store');
    expect(await withCookie.text()).toContain('Edge &lt;router&gt;');
  });

  it('serves the frame-able copy only when the owner allowed it and the page is public', async () => {
    const owner = await createTestUser('embed');
    const ctx = teamCtx(owner.userId);
    const address = slug('embed');
    const page = await createStatusPage({ ctx, input: pageInput(address) });
    const { GET } = await import('@/app/s/[slug]/embed/route');
    const embed = () => GET(new Request(`http://watchpost.test/s/${address}/embed`, { headers: { 'x-watchpost-client-ip': '192.0.2.90' } }), { params: Promise.resolve({ slug: address }) });
    expect((await embed()).status).toBe(404);
    await updateStatusPage({ ctx, input: { pageId: page.id, ...pageInput(address, { allowFraming: 'on' }) } });
    const allowed = await embed();
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect((await get(address)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    await setStatusPagePassword({ ctx, input: { pageId: page.id, password: 'now closed' } });
    expect((await embed()).status).toBe(404);
  });

  it('throttles wrong passwords per page and client IP', async () => {
    const owner = await createTestUser('throttle');
    const address = slug('throttle');
    const page = await createStatusPage({ ctx: teamCtx(owner.userId), input: pageInput(address) });
    await setStatusPagePassword({ ctx: teamCtx(owner.userId), input: { pageId: page.id, password: 'right password' } });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await unlock(address, `guess ${i}`, '198.51.100.23')).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password waits until the window ends; another address is not affected.
    expect((await unlock(address, 'right password', '198.51.100.23')).status).toBe(429);
    expect((await unlock(address, 'right password', '198.51.100.24')).status).toBe(303);
  });
});

describe('custom host names', () => {
  it('are refused when taken or when they are Watchpost\'s own, and serve their page at the root with links from there', async () => {
    const owner = await createTestUser('host');
    const ctx = teamCtx(owner.userId);
    const host = `status-${randomUUID().slice(0, 6)}.example.com`;
    const address = slug('hosted');
    await createStatusPage({ ctx, input: pageInput(address, { customHost: host }) });
    const taken = await refusal(createStatusPage({ ctx, input: pageInput(slug('again'), { customHost: host.toUpperCase() }) }));
    expect([taken.code, taken.options.details?.[0]?.field]).toEqual(['CONFLICT', 'customHost']);
    process.env.WATCHPOST_PUBLIC_URL = 'https://watchpost.example.org';
    resetEnvCache();
    try {
      const own = await refusal(createStatusPage({ ctx, input: pageInput(slug('own'), { customHost: 'watchpost.example.org' }) }));
      expect(own.options.details?.[0]?.field).toBe('customHost');
    } finally {
      delete process.env.WATCHPOST_PUBLIC_URL;
      resetEnvCache();
    }

    // What the request front hands over for https://<host>/: the page, its links at the root.
    const { GET } = await import('@/app/s/[slug]/route');
    const viaHost = (name: string) =>
      GET(new Request('http://watchpost.test/s/_host', { headers: { 'x-watchpost-client-ip': '192.0.2.150', 'x-watchpost-custom-host': name } }), { params: Promise.resolve({ slug: '_host' }) });
    const response = await viaHost(host);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('href="/feed.rss"');
    expect(html).not.toContain(`/s/${address}`);
    expect((await viaHost('nobody.example.com')).status).toBe(404);
    // Without the front's header, /s/_host is no page at all.
    expect((await GET(new Request('http://watchpost.test/s/_host', { headers: { 'x-watchpost-client-ip': '192.0.2.150' } }), { params: Promise.resolve({ slug: '_host' }) })).status).toBe(404);
  });
});

describe('nothing private on any public route', () => {
  it('renders the page, its month history, the embed, every badge, both feeds and the password form without a private field of the monitors', async () => {
    const owner = await agentWithMonitors(2, { failureThreshold: 1 });
    const ctx = teamCtx(owner.userId);
    const secrets = {
      monitor: `leaky-monitor-${randomUUID().slice(0, 6)}`,
      target: `leaky-${randomUUID().slice(0, 6)}.corp.internal`,
      error: `leaky error ${randomUUID().slice(0, 6)}`,
      agent: `leaky-agent-${randomUUID().slice(0, 6)}`,
    };
    await sql`UPDATE monitors SET name = ${secrets.monitor}, target = ${`https://${secrets.target}/health`} WHERE id = ${owner.monitorIds[0]!}`;
    await sql`UPDATE agents SET name = ${secrets.agent} WHERE id = ${owner.agentId}`;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status, error_message) VALUES (now() - interval '30 minutes', ${owner.monitorIds[0]!}, ${owner.agentId}, 'down', ${secrets.error})`;
    const [incident] = await sql`INSERT INTO incidents (monitor_id, status, started_at) VALUES (${owner.monitorIds[0]!}, 'open', now() - interval '30 minutes') RETURNING id`;
    await refreshAllRollups();
    const address = slug('leak-all');
    const page = await createStatusPage({ ctx, input: pageInput(address, { allowFraming: 'on' }) });
    const component = await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Storefront', [`monitor:${owner.monitorIds[0]}`]: 'on', [`monitor:${owner.monitorIds[1]}`]: 'on' }) } });
    await createPost({ ctx, input: createPostSchema.parse({ pageId: page.id, title: 'Storefront errors', impact: 'major', state: 'identified', body: 'Being fixed.', incidentId: incident!.id, [`component:${component.id}`]: 'on' }) });

    const headers = { 'x-watchpost-client-ip': '192.0.2.120' };
    const call = async (path: string, handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>, params: Record<string, string>) =>
      (await handler(new Request(`http://watchpost.test${path}`, { headers }), { params: Promise.resolve(params) })).text();
    const pageRoute = (await import('@/app/s/[slug]/route')).GET;
    const embedRoute = (await import('@/app/s/[slug]/embed/route')).GET;
    const badgeRoute = (await import('@/app/s/[slug]/badge/[componentId]/[file]/route')).GET;
    const rssRoute = (await import('@/app/s/[slug]/feed.rss/route')).GET;
    const atomRoute = (await import('@/app/s/[slug]/feed.atom/route')).GET;
    const month = new Date().toISOString().slice(0, 7);
    const bodies = [
      await call(`/s/${address}`, pageRoute as never, { slug: address }),
      await call(`/s/${address}?month=${month}`, pageRoute as never, { slug: address }),
      await call(`/s/${address}/embed`, embedRoute as never, { slug: address }),
      await call(`/s/${address}/feed.rss`, rssRoute as never, { slug: address }),
      await call(`/s/${address}/feed.atom`, atomRoute as never, { slug: address }),
    ];
    for (const file of ['status.svg', 'status.json', 'uptime-24h.svg', 'uptime-7d.json', 'uptime-30d.svg', 'uptime-90d.json']) {
      bodies.push(await call(`/s/${address}/badge/${component.id}/${file}`, badgeRoute as never, { slug: address, componentId: component.id, file }));
    }
    await setStatusPagePassword({ ctx, input: { pageId: page.id, password: 'now it is closed' } });
    bodies.push(await call(`/s/${address}`, pageRoute as never, { slug: address }));
    expect(bodies[0]).toContain('Storefront errors');
    const everything = bodies.join('\n');
    for (const value of [...Object.values(secrets), ...owner.monitorIds, owner.agentId, owner.userId, owner.email, incident!.id]) {
      expect(everything, value).not.toContain(value);
    }
  });
});

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/lib/agents/manage';
import { refreshDomainExpiries, sendDomainWarnings } from '@/lib/checks/domains/refresh';
import { registrableDomain } from '@/lib/checks/domains/rdap';
import { resetEnvCache } from '@/lib/env';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor } from '@/lib/monitors/manage';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { renderMessage } from '@/lib/notifications/render';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

// Domain expiry against a local RDAP service (RFC 9083 documents) wired in through
// WATCHPOST_RDAP_BOOTSTRAP_URL, with registries that answer 404, 429, garbage, or never.

const sql = testSql();
const requests: string[] = [];
const expiresAt = new Date(Date.now() + 10 * 86_400_000 + 3_600_000);
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/rdap+json' }).end(JSON.stringify(body));
    if (req.url === '/bootstrap.json') {
      return json(200, {
        version: '1.0',
        publication: new Date().toISOString(),
        services: [
          [['test'], [`${base}/rdap/`]],
          [['limited'], [`${base}/limited/`]],
          [['garbage'], [`${base}/garbage`]],
          [['slow'], [`${base}/slow/`]],
        ],
      });
    }
    if (req.url === '/rdap/domain/watchpost.test') {
      return json(200, {
        objectClassName: 'domain',
        ldhName: 'watchpost.test',
        events: [
          { eventAction: 'registration', eventDate: '2020-01-01T00:00:00Z' },
          { eventAction: 'expiration', eventDate: expiresAt.toISOString() },
        ],
      });
    }
    if (req.url === '/rdap/domain/nodate.test') return json(200, { objectClassName: 'domain', ldhName: 'nodate.test', events: [] });
    if (req.url?.startsWith('/limited/')) return json(429, { errorCode: 429 });
    if (req.url?.startsWith('/garbage/')) return res.writeHead(200).end('<html>not rdap');
    if (req.url?.startsWith('/slow/')) return; // never answers
    return json(404, { errorCode: 404, title: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.WATCHPOST_RDAP_BOOTSTRAP_URL = `${base}/bootstrap.json`;
  resetEnvCache();
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  delete process.env.WATCHPOST_RDAP_BOOTSTRAP_URL;
  delete process.env.WATCHPOST_DOMAIN_EXPIRY;
  resetEnvCache();
  await sql.end();
});

const expiries = async () =>
  Object.fromEntries(
    (await sql<{ domain: string; state: string; expires_at: Date | null; message: string | null; hours: number }[]>`
      SELECT domain, state, expires_at, message, round(extract(epoch FROM next_check_at - checked_at) / 3600)::int AS hours FROM domain_expiries`).map((row) => [row.domain, row]),
  );

describe('domain expiry over RDAP', () => {
  it('finds the registrable domain behind a target with the Public Suffix List', () => {
    expect(registrableDomain('http', 'https://api.shop.example.co.uk/health')).toBe('example.co.uk');
    expect(registrableDomain('tls', 'mail.example.com:587')).toBe('example.com');
    expect(registrableDomain('dns', 'www.Example.ORG')).toBe('example.org');
    expect(registrableDomain('http', 'http://127.0.0.1:8080/')).toBeNull();
    expect(registrableDomain('http', 'http://localhost/')).toBeNull();
  });

  it('looks each domain up once a day for the whole instance; 404, 429, garbage, a slow server and a TLD without RDAP each get a clear state, never a loop', async () => {
    const owner = await createTestUser('domains');
    const other = await createTestUser('domains-other');
    const channel = await (async () => {
      const parsed = parseKindFields('webhook', { url: 'https://hooks.example/watchpost' }, false);
      if ('problems' in parsed) throw new Error('channel');
      return createChannel({ ctx: teamCtx(owner.userId), input: { name: `hook-${randomUUID().slice(0, 5)}`, kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
    })();
    const monitor = async (ctx: typeof owner.ctx, agentId: string, type: string, target: string) =>
      createMonitor({ ctx, input: monitorFormSchema.parse({ name: `${type} ${target}`.slice(0, 100), agentId, type, target, intervalSeconds: '60' }) });
    const agent = await createAgent({ ctx: owner.ctx, input: { name: 'probe', kind: 'remote' } });
    const otherAgent = await createAgent({ ctx: other.ctx, input: { name: 'probe', kind: 'remote' } });
    await monitor(owner.ctx, agent.id, 'http', 'https://api.watchpost.test/health');
    await monitor(owner.ctx, agent.id, 'tls', 'mail.watchpost.test:465');
    await monitor(owner.ctx, agent.id, 'http', 'https://missing.test/');
    await monitor(owner.ctx, agent.id, 'http', 'https://nodate.test/');
    await monitor(owner.ctx, agent.id, 'http', 'https://www.shop.limited/');
    await monitor(owner.ctx, agent.id, 'dns', 'x.garbage');
    await monitor(owner.ctx, agent.id, 'http', 'https://example.xyz/');
    await monitor(owner.ctx, agent.id, 'http', 'https://api.never.slow/');
    await monitor(owner.ctx, agent.id, 'http', 'http://127.0.0.1:9/');
    await monitor(other.ctx, otherAgent.id, 'http', 'https://www.watchpost.test/');

    const slowStarted = Date.now();
    expect(await refreshDomainExpiries()).toBe(7);
    expect(Date.now() - slowStarted).toBeLessThan(20_000);
    const found = await expiries();
    expect(found['watchpost.test']).toMatchObject({ state: 'ok', expires_at: expiresAt, hours: 24 });
    expect(found['missing.test']).toMatchObject({ state: 'unknown', message: 'missing.test is not in the .test registry\u2019s RDAP (not registered?)'.replace('\u2019', "'"), hours: 24 });
    expect(found['nodate.test']).toMatchObject({ state: 'unknown', message: "the .test registry's RDAP gives no expiry date" });
    expect(found['shop.limited']).toMatchObject({ state: 'error', message: 'RDAP lookup failed: HTTP 429', hours: 6 });
    expect(found['x.garbage']).toMatchObject({ state: 'error', message: 'RDAP lookup failed: the answer is not JSON', hours: 3 });
    expect(found['example.xyz']).toMatchObject({ state: 'unknown', message: 'no RDAP for .xyz', hours: 24 });
    expect(found['never.slow']).toMatchObject({ state: 'error', message: 'RDAP lookup failed: no answer within 10 s', hours: 3 });
    // The domain both teams use was asked once; the bootstrap once.
    expect(requests.filter((url) => url === '/rdap/domain/watchpost.test')).toHaveLength(1);
    expect(requests.filter((url) => url === '/bootstrap.json')).toHaveLength(1);

    // Again at once: nothing is due (the bootstrap too is kept in the database).
    const before = requests.length;
    expect(await refreshDomainExpiries()).toBe(0);
    expect(requests.length).toBe(before);

    // Warnings: 30 and 14 days passed at once → one message, for 14; each team once.
    const warnings = await sendDomainWarnings();
    expect(warnings.map((w) => [w.teamId, w.domain, w.days]).sort()).toEqual([
      [other.teamId, 'watchpost.test', 14],
      [owner.teamId, 'watchpost.test', 14],
    ].sort());
    expect(await sendDomainWarnings()).toEqual([]);
    const [event] = await sql<{ id: string; payload: Record<string, unknown>; created_at: Date }[]>`
      SELECT e.id, e.payload, e.created_at FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id WHERE d.channel_id = ${channel.id} AND e.kind = 'domain.expiring'`;
    const message = renderMessage({ id: event!.id, kind: 'domain.expiring', payload: event!.payload, createdAt: event!.created_at }, 'https://watchpost.example');
    expect(message.title).toBe('Domain expires in 10 days: watchpost.test');
    expect(message.summary).toMatch(/^The registration of watchpost\.test expires on .* UTC; renew it before http https:\/\/api\.watchpost\.test\/health, tls mail\.watchpost\.test:465 stop answering\.$/);
  }, 40_000);

  it('asks nothing when turned off', async () => {
    process.env.WATCHPOST_DOMAIN_EXPIRY = 'false';
    resetEnvCache();
    await sql`UPDATE domain_expiries SET next_check_at = now() - interval '1 minute'`;
    const before = requests.length;
    expect(await refreshDomainExpiries()).toBe(0);
    expect(await sendDomainWarnings()).toEqual([]);
    expect(requests.length).toBe(before);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFront } from '@/lib/http/front';
import { resetLogSettings } from '@/lib/observability/log';
import { currentRequestId } from '@/lib/observability/request-context';

// The front of `npm start`'s server on a real HTTP server, with a stand-in for Next.js's
// handler: the request id reaches the app and the log, a crash outside the app is a
// generic 500 naming that id, and a draining instance refuses new requests.

let lines: string[] = [];

beforeEach(() => {
  process.env.WATCHPOST_LOG_FORMAT = 'json';
  resetLogSettings();
  lines = [];
  const capture = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.WATCHPOST_LOG_FORMAT;
  resetLogSettings();
});

async function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>, trustProxy = false, publicHost?: string) {
  const front = createFront({ trustProxy, https: false, publicHost, handle });
  const server = http.createServer(front.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { front, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("npm start's request front", () => {
  it('hands the app a request id it can log with, and logs the request line under it', async () => {
    let seen: { header?: string; context?: string; nonce?: string } = {};
    const app = await serve(async (req, res) => {
      seen = { header: req.headers['x-request-id'] as string, context: currentRequestId(), nonce: req.headers['content-security-policy'] as string };
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.context = currentRequestId();
      res.end('ok');
    });
    const response = await fetch(`${app.url}/api/health`, { headers: { 'x-request-id': 'client-chosen-id', 'content-security-policy': "script-src 'unsafe-inline'" } });
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual({ header: id, context: id, nonce: undefined });
    await vi.waitFor(() => expect(entries().find((entry) => entry.route === '/api/health')).toMatchObject({ level: 'info', requestId: id, status: 200 }));
    await app.close();
  });

  it("lets other sites frame a status page's /embed address only", async () => {
    const app = await serve(async (_req, res) => void res.end('ok'));
    const embed = await fetch(`${app.url}/s/acme-status/embed`);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    for (const path of ['/s/acme-status', '/s/acme-status/embed/x', '/dashboard', '/embed']) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
    await app.close();
  });

  it("sends a request for another host name to that host's status page, and passes Watchpost's own through", async () => {
    const seen: { url?: string; host?: string }[] = [];
    const app = await serve(
      async (req, res) => {
        seen.push({ url: req.url, host: req.headers['x-watchpost-custom-host'] as string | undefined });
        res.end('ok');
      },
      true,
      'watchpost.example.org',
    );
    const as = (host: string, path: string, extra: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers: { 'x-forwarded-host': host, ...extra } });
    await as('Status.Example.com', '/?month=2026-10');
    await as('status.example.com', '/feed.rss');
    await as('status.example.com', '/status.css');
    await as('status.example.com', '/embed');
    await as('watchpost.example.org', '/dashboard', { 'x-watchpost-custom-host': 'forged.example.com' });
    await as('localhost', '/s/acme');
    expect(seen).toEqual([
      { url: '/s/_host?month=2026-10', host: 'status.example.com' },
      { url: '/s/_host/feed.rss', host: 'status.example.com' },
      { url: '/s/status.css', host: 'status.example.com' },
      { url: '/s/_host/embed', host: 'status.example.com' },
      { url: '/dashboard', host: undefined },
      { url: '/s/acme', host: undefined },
    ]);
    await app.close();
  });

  it("takes a trusted proxy's request id when it looks like one", async () => {
    const app = await serve(async (_req, res) => void res.end('ok'), true);
    expect((await fetch(`${app.url}/`, { headers: { 'x-request-id': 'proxy-5f2c9a1b' } })).headers.get('x-request-id')).toBe('proxy-5f2c9a1b');
    expect((await fetch(`${app.url}/`, { headers: { 'x-request-id': 'bad id\twith spaces' } })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });

  it('answers a crash outside the app with a generic 500 naming the request id, which the error log line has too', async () => {
    const app = await serve(async () => {
      throw new Error('the handler fell over');
    });
    const page = await fetch(`${app.url}/dashboard`);
    expect(page.status).toBe(500);
    const id = page.headers.get('x-request-id')!;
    const html = await page.text();
    expect(html).toContain(id);
    expect(html).not.toContain('fell over');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const api = await fetch(`${app.url}/api/v1/agent/config`);
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), requestId: api.headers.get('x-request-id') } });
    const crash = entries().find((entry) => entry.level === 'error' && entry.requestId === id);
    expect(crash).toMatchObject({ route: '/dashboard', error: { message: 'the handler fell over' } });
    await app.close();
  });

  it('while draining, finishes the request in flight and refuses new ones with 503 and Connection: close', async () => {
    let release = () => undefined as void;
    const app = await serve(async (_req, res) => {
      await new Promise<void>((resolve) => (release = resolve));
      res.end('done');
    });
    const inFlight = fetch(`${app.url}/api/v1/agent/heartbeats`, { method: 'POST' });
    await vi.waitFor(() => expect(app.front.inFlight()).toBe(1));
    const drained = app.front.drain(Date.now() + 5000);
    const refused = await fetch(`${app.url}/api/health`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect(refused.headers.get('retry-after')).toBe('1');
    release();
    expect(await (await inFlight).text()).toBe('done');
    await drained;
    expect(app.front.inFlight()).toBe(0);
    await app.close();
  });
});

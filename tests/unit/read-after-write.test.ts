import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsPrimary, WROTE_COOKIE } from '@/lib/http/read-after-write';

// With a read replica, a client's own writes stay visible: over real HTTP, the way
// lib/http/front.ts calls it before Next.js answers (which sets cookies of its own).

let server: http.Server;
let base: string;
let pinSeconds: number | null = 11;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const primary = readsPrimary(req, res, pinSeconds);
    res.setHeader('set-cookie', 'app=1; Path=/');
    if (req.url === '/head-cookies') res.writeHead(200, { 'content-type': 'application/json', 'Set-Cookie': ['other=2'] });
    else res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ primary }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function call(method: string, path = '/', cookie?: string) {
  const response = await fetch(`${base}${path}`, { method, headers: cookie ? { cookie } : {} });
  return { primary: ((await response.json()) as { primary: boolean }).primary, cookies: response.headers.getSetCookie() };
}

describe('reads after a write', () => {
  it('go to the primary for the writing request and, by a cookie, for the client\'s next requests while the replica may lag', async () => {
    const post = await call('POST');
    expect(post.primary).toBe(true);
    expect(post.cookies).toEqual(['app=1; Path=/', `${WROTE_COOKIE}=1; Max-Age=11; Path=/; HttpOnly; SameSite=Lax`]);
    // Headers given to writeHead itself keep the app's cookies and get this one too.
    expect((await call('DELETE', '/head-cookies')).cookies).toEqual(['other=2', `${WROTE_COOKIE}=1; Max-Age=11; Path=/; HttpOnly; SameSite=Lax`]);

    expect(await call('GET', '/', `theme=dark; ${WROTE_COOKIE}=1`)).toEqual({ primary: true, cookies: ['app=1; Path=/'] });
    expect(await call('GET', '/', 'theme=dark')).toEqual({ primary: false, cookies: ['app=1; Path=/'] });
    expect((await call('GET')).primary).toBe(false);
  });

  it('change nothing without a replica', async () => {
    pinSeconds = null;
    expect(await call('POST')).toEqual({ primary: false, cookies: ['app=1; Path=/'] });
    expect((await call('GET', '/', `${WROTE_COOKIE}=1`)).primary).toBe(false);
  });
});

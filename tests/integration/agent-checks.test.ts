import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDns } from '@/agent/checks/dns';
import { checkHttp } from '@/agent/checks/http';
import { checkPing } from '@/agent/checks/ping';
import { checkTcp } from '@/agent/checks/tcp';
import { checkTls } from '@/agent/checks/tls';
import { mintChain } from '../helpers/certificates';
import { freePort } from '@/db/embedded';
import { dnsOptionsSchema, httpOptionsSchema, tlsOptionsSchema } from '@/lib/contracts/monitors';

// The agent's checks against real servers this test starts on 127.0.0.1.

const routes = (req: http.IncomingMessage, res: http.ServerResponse) => {
  if (req.url === '/ok') return res.end('hello watchpost');
  if (req.url === '/health') return res.writeHead(200, { 'content-type': 'application/json', 'x-version': '2.4.1' }).end(JSON.stringify({ status: 'degraded', queue: { depth: 7 } }));
  if (req.url === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>maintenance</h1>');
  if (req.url === '/error') return (res.statusCode = 500), res.end('boom');
  if (req.url === '/moved') return res.writeHead(301, { location: '/ok' }).end();
  if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3000);
  if (req.url === '/echo') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(`${req.method} ${req.headers['x-probe']} ${body}`));
    return;
  }
  res.statusCode = 404;
  res.end();
};

let plain: http.Server;
let secure: https.Server;
let base: string;
let secureBase: string;
let dnsServer: ReturnType<typeof dns2.createServer>;
let dnsPort: number;

beforeAll(async () => {
  plain = http.createServer(routes).listen(0, '127.0.0.1');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
  secure = https.createServer({ key: pems.private, cert: pems.cert }, routes).listen(0, '127.0.0.1');
  await Promise.all([plain, secure].map((server) => server.listening || new Promise((resolve) => server.once('listening', resolve))));
  base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;

  const { Packet } = dns2;
  dnsServer = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question!.name;
      const record = { name, class: Packet.CLASS.IN, ttl: 60 };
      // dns2's typings want Resource objects; its README (and its encoder) take plain ones.
      const answers = response.answers as unknown as object[];
      if (name === 'missing.watchpost.test') response.header.rcode = Packet.RCODE.NXDOMAIN;
      else if (name === 'broken.watchpost.test') response.header.rcode = Packet.RCODE.SERVFAIL;
      else if (question!.type === Packet.TYPE.A) answers.push({ ...record, type: Packet.TYPE.A, address: '192.0.2.10' });
      else if (question!.type === Packet.TYPE.AAAA) answers.push({ ...record, type: Packet.TYPE.AAAA, address: '2001:db8::10' });
      else if (question!.type === Packet.TYPE.CNAME) answers.push({ ...record, type: Packet.TYPE.CNAME, domain: 'target.watchpost.test' });
      else if (question!.type === Packet.TYPE.MX) answers.push({ ...record, type: Packet.TYPE.MX, exchange: 'mail.watchpost.test', priority: 10 });
      else if (question!.type === Packet.TYPE.TXT) answers.push({ ...record, type: Packet.TYPE.TXT, data: 'v=spf1 -all' });
      else if (question!.type === Packet.TYPE.NS) answers.push({ ...record, type: Packet.TYPE.NS, ns: 'ns1.watchpost.test' });
      send(response);
    },
  });
  dnsPort = await freePort();
  await dnsServer.listen({ udp: { port: dnsPort, address: '127.0.0.1' } });
});

afterAll(async () => {
  plain.closeAllConnections();
  secure.closeAllConnections();
  plain.close();
  secure.close();
  await dnsServer.close();
});

const httpOptions = (options: Record<string, unknown> = {}) => httpOptionsSchema.parse(options);

describe('http check', () => {
  it('up on 200, with the latency to the headers', async () => {
    const result = await checkHttp(`${base}/ok`, httpOptions(), 5000);
    expect(result.status).toBe('up');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('down on 500, saying the status', async () => {
    expect(await checkHttp(`${base}/error`, httpOptions(), 5000)).toMatchObject({ status: 'down', errorMessage: 'HTTP 500, expected 200-399' });
    expect((await checkHttp(`${base}/error`, httpOptions({ expectedStatus: '500' }), 5000)).status).toBe('up');
  });

  it('follows redirects, or judges the redirect itself', async () => {
    expect((await checkHttp(`${base}/moved`, httpOptions({ keyword: 'hello' }), 5000)).status).toBe('up');
    expect(await checkHttp(`${base}/moved`, httpOptions({ followRedirects: false, expectedStatus: '200' }), 5000)).toMatchObject({
      status: 'down',
      errorMessage: 'HTTP 301, expected 200',
    });
  });

  it('times out on a slow response', async () => {
    expect(await checkHttp(`${base}/slow`, httpOptions(), 500)).toMatchObject({ status: 'timeout', errorMessage: 'No response within 0.5 s' });
  });

  it('checks the keyword, or its absence', async () => {
    expect((await checkHttp(`${base}/ok`, httpOptions({ keyword: 'watchpost' }), 5000)).status).toBe('up');
    expect(await checkHttp(`${base}/ok`, httpOptions({ keyword: 'maintenance' }), 5000)).toMatchObject({ status: 'down', errorMessage: 'Body does not contain “maintenance”' });
    expect((await checkHttp(`${base}/ok`, httpOptions({ keyword: 'maintenance', keywordInverted: true }), 5000)).status).toBe('up');
    expect((await checkHttp(`${base}/ok`, httpOptions({ keyword: 'hello', keywordInverted: true }), 5000)).status).toBe('down');
  });

  it('sends the method, headers and body', async () => {
    const result = await checkHttp(`${base}/echo`, httpOptions({ method: 'POST', headers: { 'X-Probe': 'yes' }, body: 'ping', keyword: 'POST yes ping' }), 5000);
    expect(result.status).toBe('up');
  });

  it('refuses a self-signed certificate when verifying TLS, and accepts it when not', async () => {
    expect(await checkHttp(`${secureBase}/ok`, httpOptions(), 5000)).toMatchObject({ status: 'down', errorMessage: expect.stringMatching(/TLS certificate not trusted/) });
    expect((await checkHttp(`${secureBase}/ok`, httpOptions({ verifyTls: false }), 5000)).status).toBe('up');
  });

  it('checks assertions in order: the first failing one fails the check and says why; all report what they found', async () => {
    const assertions = [
      { source: 'header', path: 'X-Version', operator: 'matches', value: '2.*' },
      { source: 'json', path: '$.queue.depth', operator: 'lt', value: '100' },
      { source: 'json', path: '$.status', operator: 'eq', value: 'ok' },
      { source: 'latency', operator: 'lt', value: '5000' },
    ];
    const result = await checkHttp(`${base}/health`, httpOptions({ assertions }), 5000);
    expect(result).toMatchObject({ status: 'down', errorMessage: 'json $.status: expected "ok", got "degraded"' });
    expect(result.assertions!.map((a) => [a.passed, a.actual])).toEqual([
      [true, '"2.4.1"'],
      [true, '7'],
      [false, '"degraded"'],
      [true, String(result.latencyMs)],
    ]);
    const passing = await checkHttp(`${base}/health`, httpOptions({ assertions: [{ source: 'json', path: '$.status', operator: 'neq', value: 'down' }] }), 5000);
    expect(passing).toMatchObject({ status: 'up', assertions: [{ passed: true, actual: '"degraded"' }] });
    expect((await checkHttp(`${base}/html`, httpOptions({ assertions: [{ source: 'json', path: '$.status', operator: 'exists' }] }), 5000)).errorMessage).toBe(
      'json $.status: expected to exist, got body is not JSON',
    );
    // A failing status still reports the assertions, and says the status first.
    expect(await checkHttp(`${base}/error`, httpOptions({ assertions: [{ source: 'body', operator: 'contains', value: 'boom' }] }), 5000)).toMatchObject({
      status: 'down',
      errorMessage: 'HTTP 500, expected 200-399',
      assertions: [{ passed: true }],
    });
  });

  it('reads the certificate’s days left for certificate_days, from the earliest expiry in the chain', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, notAfterDate: new Date(Date.now() + 10.5 * 86_400_000) });
    const soon = https.createServer({ key: pems.private, cert: pems.cert }, routes).listen(0, '127.0.0.1');
    await new Promise((resolve) => soon.once('listening', resolve));
    try {
      const url = `https://127.0.0.1:${(soon.address() as AddressInfo).port}/ok`;
      const result = await checkHttp(url, httpOptions({ verifyTls: false, assertions: [{ source: 'certificate_days', operator: 'gte', value: '14' }] }), 5000);
      expect(result).toMatchObject({ status: 'down', errorMessage: 'certificate days: expected ≥ 14, got 10' });
      const plainResult = await checkHttp(`${base}/ok`, httpOptions({ assertions: [{ source: 'certificate_days', operator: 'gte', value: '14' }] }), 5000);
      expect(plainResult.errorMessage).toBe('certificate days: expected ≥ 14, got no certificate (not https)');
    } finally {
      soon.closeAllConnections();
      soon.close();
    }
  });

  it('is down when the connection is refused', async () => {
    const port = await freePort();
    expect(await checkHttp(`http://127.0.0.1:${port}/`, httpOptions(), 5000)).toMatchObject({ status: 'down', errorMessage: 'Connection refused' });
  });
});

describe('tcp check', () => {
  it('up on an open port, down on a closed one, over IPv4 and IPv6', async () => {
    expect((await checkTcp(`127.0.0.1:${(plain.address() as AddressInfo).port}`, 2000)).status).toBe('up');
    const closed = await freePort();
    expect(await checkTcp(`127.0.0.1:${closed}`, 2000)).toMatchObject({ status: 'down', errorMessage: 'Connection refused' });
    const v6 = net.createServer().listen(0, '::1');
    await new Promise((resolve) => v6.once('listening', resolve));
    try {
      expect((await checkTcp(`[::1]:${(v6.address() as AddressInfo).port}`, 2000)).status).toBe('up');
    } finally {
      v6.close();
    }
  });
});

describe('ping check', () => {
  it('up for 127.0.0.1 with a round-trip time', async () => {
    const result = await checkPing('127.0.0.1', 2000);
    expect(result.status).toBe('up');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('down for a host that does not resolve', async () => {
    expect((await checkPing('nothing.invalid', 2000)).status).toBe('down');
  });

  it('an error that says to install ping when it is missing', async () => {
    expect(await checkPing('127.0.0.1', 2000, 'ping-that-is-not-installed')).toMatchObject({ status: 'error', errorMessage: expect.stringMatching(/install iputils-ping/) });
  });
});

describe('dns check', () => {
  const ask = (name: string, options: Record<string, unknown>) =>
    checkDns(name, dnsOptionsSchema.parse({ resolver: `127.0.0.1:${dnsPort}`, ...options }), 2000);

  it.each([
    ['A', '192.0.2.10'],
    ['AAAA', '2001:db8::10'],
    ['CNAME', 'target.watchpost.test'],
    ['MX', 'mail.watchpost.test'],
    ['TXT', 'v=spf1'],
    ['NS', 'ns1.watchpost.test'],
  ])('answers %s records with the expected value', async (recordType, expectedValue) => {
    expect((await ask('site.watchpost.test', { recordType, expectedValue })).status).toBe('up');
  });

  it('is down on NXDOMAIN, SERVFAIL and an unexpected answer, naming the rcode', async () => {
    expect(await ask('missing.watchpost.test', {})).toMatchObject({ status: 'down', errorMessage: expect.stringMatching(/^NXDOMAIN/) });
    expect(await ask('broken.watchpost.test', {})).toMatchObject({ status: 'down', errorMessage: expect.stringMatching(/^SERVFAIL/) });
    expect(await ask('site.watchpost.test', { expectedValue: '198.51.100.1' })).toMatchObject({ status: 'down', errorMessage: expect.stringMatching(/not in the answers: 192.0.2.10/) });
  });
});

describe('tls check', () => {
  const serve = async (options: tls.TlsOptions) => {
    const server = tls.createServer(options, (socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  };
  const tlsOptions = (options: Record<string, unknown> = {}) => tlsOptionsSchema.parse(options);

  it('is up with the certificate it saw, or names what is wrong with it: self-signed, expired, for another name', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const server = await serve({ key: pems.private, cert: pems.cert });
    try {
      const up = await checkTls(server.target, tlsOptions({ serverName: 'localhost', verifyTls: false }), 5000);
      expect(up).toMatchObject({ status: 'up', certificate: { subject: 'localhost', fingerprint: expect.stringMatching(/^[0-9A-F]{64}$/) } });
      expect(Date.parse(up.certificate!.notAfter) - Date.now()).toBeGreaterThan(360 * 86_400_000);
      expect(await checkTls(server.target, tlsOptions({ serverName: 'localhost' }), 5000)).toMatchObject({
        status: 'down',
        errorMessage: 'TLS certificate not trusted: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)',
        certificate: { subject: 'localhost' },
      });
      expect((await checkTls(server.target, tlsOptions({ serverName: 'mail.example.com' }), 5000)).errorMessage).toMatch(/^Certificate is for .*localhost.*, not mail\.example\.com$/);
    } finally {
      server.close();
    }
    const old = await generate([{ name: 'commonName', value: 'old.watchpost.test' }], { keySize: 2048, notBeforeDate: new Date('2024-01-01'), notAfterDate: new Date('2025-03-01T12:00:00Z') });
    const expired = await serve({ key: old.private, cert: old.cert });
    try {
      expect(await checkTls(expired.target, tlsOptions({ verifyTls: false }), 5000)).toMatchObject({ status: 'down', errorMessage: 'Certificate expired on 2025-03-01 (old.watchpost.test)' });
    } finally {
      expired.close();
    }
  });

  it('reports the earliest expiry in the chain: an intermediate that expires before the leaf', async () => {
    const chain = mintChain({ names: ['mail.watchpost.test'], leafDays: 300, intermediateDays: 3 });
    const server = await serve({ key: chain.key, cert: chain.cert });
    try {
      const result = await checkTls(server.target, tlsOptions({ serverName: 'mail.watchpost.test', verifyTls: false }), 5000);
      expect(result.status).toBe('up');
      expect(result.certificate).toMatchObject({ subject: 'mail.watchpost.test', sans: ['mail.watchpost.test'], issuer: 'Watchpost Test Intermediate' });
      expect(Math.round((Date.parse(result.certificate!.chainNotAfter) - Date.now()) / 86_400_000)).toBe(3);
      expect(Math.round((Date.parse(result.certificate!.notAfter) - Date.now()) / 86_400_000)).toBe(300);
    } finally {
      server.close();
    }
  });

  it('speaks SMTP up to STARTTLS first for a mail server, and says when STARTTLS is not offered', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const withStartTls = new SMTPServer({ key: pems.private, cert: pems.cert, authOptional: true, logger: false });
    const without = new SMTPServer({ disabledCommands: ['STARTTLS'], authOptional: true, logger: false });
    const listen = (server: SMTPServer) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.server.address() as AddressInfo).port}`)));
    const [good, plainOnly] = await Promise.all([listen(withStartTls), listen(without)]);
    try {
      expect(await checkTls(good, tlsOptions({ starttls: 'smtp', serverName: 'localhost', verifyTls: false }), 5000)).toMatchObject({ status: 'up', certificate: { subject: 'localhost' } });
      expect(await checkTls(plainOnly, tlsOptions({ starttls: 'smtp' }), 5000)).toMatchObject({ status: 'down', errorMessage: 'The SMTP server does not offer STARTTLS' });
      // Plain TLS against an SMTP port that expects STARTTLS fails the handshake.
      expect((await checkTls(plainOnly, tlsOptions(), 3000)).status).not.toBe('up');
    } finally {
      await Promise.all([new Promise<void>((resolve) => withStartTls.close(() => resolve())), new Promise<void>((resolve) => without.close(() => resolve()))]);
    }
  });

  it('an https check records the certificate too', async () => {
    const result = await checkHttp(`${secureBase}/ok`, httpOptions({ verifyTls: false }), 5000);
    expect(result.certificate).toMatchObject({ subject: 'localhost', fingerprint: expect.stringMatching(/^[0-9A-F]{64}$/) });
    expect((await checkHttp(`${base}/ok`, httpOptions(), 5000)).certificate).toBeUndefined();
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/agent/heartbeats/route';
import { resetEnvCache } from '@/lib/env';
import { createFront } from '@/lib/http/front';
import { ingestRefusal } from '@/lib/ingest/admission';
import { metrics } from '@/lib/observability/metrics';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// Ingest under overload, over real HTTP: `npm start`'s front before the real route handler
// (a stand-in passes the request on as Next.js would), with one batch allowed in flight.
// A batch refused for load gets its 503 before its body is read; its client is held to
// Retry-After while a client that waited gets the free slot.

const sql = testSql();
let server: http.Server;
let base: string;

beforeAll(async () => {
  process.env.INGEST_MAX_IN_FLIGHT = '1';
  resetEnvCache();
  const front = createFront({
    trustProxy: false,
    https: false,
    handle: async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const response = await POST(new Request(`http://watchpost.test${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.statusCode = response.status;
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    },
  });
  server = http.createServer(front.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.INGEST_MAX_IN_FLIGHT;
  resetEnvCache();
  await new Promise((resolve) => server.close(resolve));
  await sql.end();
});

const batch = (monitorId: string, second: number) => JSON.stringify({ heartbeats: [{ monitorId, time: new Date(Date.now() - 60_000 + second * 1000).toISOString(), status: 'up', latencyMs: 12 }] });

function post(token: string, body: string) {
  return fetch(`${base}/api/v1/agent/heartbeats`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
}

/** A POST that announces a large body and sends only its first bytes: the answer, if one comes before the rest. */
function postHeadersOnly(token: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/api/v1/agent/heartbeats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': '200000' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'], body });
        request.destroy();
      });
    });
    request.write('{"heartbeats": [');
  });
}

const stored = async (monitorId: string) => (await sql`SELECT count(*)::int AS n FROM heartbeats WHERE monitor_id = ${monitorId}`)[0]!.n as number;
const refusedForLoad = async () => (await metrics().ingestRejections.get()).values.find((v) => v.labels.reason === 'overloaded')?.value ?? 0;

describe('ingest under overload', () => {
  it('refuses before reading the body, holds a refused client to Retry-After, and gives the free slot to a client that waited', async () => {
    const [a, b, c] = [await agentWithMonitors(1), await agentWithMonitors(1), await agentWithMonitors(1)];
    const refusedBefore = await refusedForLoad();
    // A's batch stays in flight: it waits for its agent's turn, which this connection holds.
    const lock = await sql.reserve();
    await lock`SELECT pg_advisory_lock(727012, hashtext(${a.agentId}))`;
    const first = post(a.token, batch(a.monitorIds[0]!, 1));
    const deadline = Date.now() + 10_000;
    while (ingestRefusal(null) === null) {
      if (Date.now() > deadline) throw new Error('the first batch never got in flight');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    // B's batch is refused while only its first bytes have arrived.
    const early = await postHeadersOnly(b.token);
    expect(early).toMatchObject({ status: 503, retryAfter: '1' });
    expect(JSON.parse(early.body)).toMatchObject({ error: { code: 'UNAVAILABLE', message: 'The server is busy. Try again shortly.' } });

    await lock`SELECT pg_advisory_unlock(727012, hashtext(${a.agentId}))`;
    lock.release();
    expect((await first).status).toBe(202);

    // The slot is free: C, never refused, gets it; B, back before its Retry-After, does not.
    expect((await post(c.token, batch(c.monitorIds[0]!, 1))).status).toBe(202);
    const rude = await post(b.token, batch(b.monitorIds[0]!, 1));
    expect(rude.status).toBe(503);
    expect(rude.headers.get('retry-after')).toBe('1');
    expect(await stored(b.monitorIds[0]!)).toBe(0);

    // Having waited it out, B gets in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const polite = await post(b.token, batch(b.monitorIds[0]!, 2));
    expect(polite.status).toBe(202);
    expect(await stored(b.monitorIds[0]!)).toBe(1);
    expect([await stored(a.monitorIds[0]!), await stored(c.monitorIds[0]!)]).toEqual([1, 1]);
    expect((await refusedForLoad()) - refusedBefore).toBe(2);
  });
});

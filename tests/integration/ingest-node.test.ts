import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES } from '@/lib/contracts/heartbeats';
import { resetEnvCache } from '@/lib/env';
import { createFront } from '@/lib/http/front';
import { serveIngestOnNode } from '@/lib/ingest/http';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// Under `npm start` the front answers heartbeat batches on Node's request itself, without
// Next.js (lib/http/node-routes.ts): the same answers as the route handler, through a real
// HTTP server, and Next.js's handler (here a stand-in that counts) never sees them.

const sql = testSql();
const base = Date.now() - 3600_000;
let url = '';
let server: http.Server;
let stopServing: () => void;
const nextSaw: string[] = [];

beforeAll(async () => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
  stopServing = serveIngestOnNode();
  const front = createFront({
    trustProxy: false,
    https: false,
    handle: async (req, res) => {
      nextSaw.push(`${req.method} ${req.url}`);
      res.end('next');
    },
  });
  server = http.createServer(front.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  stopServing();
  await new Promise((resolve) => server.close(resolve));
  await sql.end();
});

const stored = async (agentId: string) => ((await sql`SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = ${agentId}`)[0]!.n as number);

/** A raw request, for bodies fetch will not send as asked: the status and body that come back. */
function raw(headers: Record<string, string | number>, write: (req: http.ClientRequest) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/agent/heartbeats`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    write(req);
  });
}

describe('heartbeat batches answered by the front itself', () => {
  it('stores a batch and answers as the route handler does, with the request id and security headers, without Next.js', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(2);
    const batch = (second: number) => ({
      heartbeats: [
        { monitorId: monitorIds[0], time: at(base, second), status: 'up', latencyMs: 12 },
        { monitorId: monitorIds[1], time: at(base, second), status: 'down', errorMessage: 'refused' },
        { monitorId: '00000000-0000-4000-8000-000000000000', time: at(base, second), status: 'up' },
      ],
    });
    const response = await fetch(`${url}/api/v1/agent/heartbeats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch(0)),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const answer = await response.json();
    expect(answer).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 2, reason: 'unknown_monitor' }] });
    // The route handler, for the next second's batch: the same answer.
    expect(await (await postHeartbeats(token, batch(1))).json()).toEqual(answer);
    expect(await stored(agentId)).toBe(4);
    expect((await sql`SELECT status FROM monitors WHERE id = ${monitorIds[0]!}`)[0]?.status).toBe('up');
    expect(nextSaw).toEqual([]);
  });

  it('refuses a batch without a valid token (401), of another type (415), not JSON (400), or too large (413, declared or as sent), storing nothing', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(1);
    const body = JSON.stringify({ heartbeats: [{ monitorId: monitorIds[0], time: at(base, 0), status: 'up' }] });
    const post = (headers: Record<string, string>, text = body) => fetch(`${url}/api/v1/agent/heartbeats`, { method: 'POST', headers, body: text });

    const anonymous = await post({ 'content-type': 'application/json' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await anonymous.json()).error.code).toBe('UNAUTHORIZED');
    expect((await post({ authorization: `Bearer ${token}x`, 'content-type': 'application/json' })).status).toBe(401);
    const form = await post({ authorization: `Bearer ${token}`, 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    expect((await form.json()).error.message).toContain('application/json');
    const broken = await post({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }, '{"heartbeats": [');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.message).toBe('The body is not valid JSON.');

    // Declared too large: refused before a byte of the body is read (only a few are ever sent).
    const declared = await raw({ authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': MAX_BATCH_BYTES + 1 }, (req) => req.write('{"heartbeats"'));
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    // Sent too large without a length (chunked): refused once it passes the limit.
    const chunked = await raw({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }, (req) => {
      req.write(`{"heartbeats": [${' '.repeat(MAX_BATCH_BYTES)}`);
      req.end(']}');
    });
    expect(chunked.status).toBe(413);
    expect(await stored(agentId)).toBe(0);
    expect(nextSaw).toEqual([]);
  });

  it('leaves every other request to Next.js', async () => {
    await fetch(`${url}/api/v1/agent/heartbeats`);
    await fetch(`${url}/api/v1/agent/config`, { method: 'POST' });
    expect(nextSaw).toEqual(['GET /api/v1/agent/heartbeats', 'POST /api/v1/agent/config']);
  });
});

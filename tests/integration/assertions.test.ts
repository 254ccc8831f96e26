import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHttp } from '@/agent/checks/http';
import { lastAssertionResults } from '@/db/queries/monitors';
import { createAgent } from '@/lib/agents/manage';
import { type HttpOptions } from '@/lib/contracts/monitors';
import { resetEnvCache } from '@/lib/env';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor } from '@/lib/monitors/manage';
import { tryMonitorCheck } from '@/lib/monitors/try-check';
import { createTestUser, refusal } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';

// Assertions end to end on the server side: saved through the form, checked by the
// built-in agent's "try it" and an agent alike, and their last results kept by ingest.

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', version: '2.4.1' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const form = (agentId: string, assertions: unknown, extra: Record<string, string> = {}) => ({
  name: 'API',
  agentId,
  type: 'http',
  target: `${base}/health`,
  assertions: typeof assertions === 'string' ? assertions : JSON.stringify(assertions),
  ...extra,
});
const problems = (input: Record<string, string>) => {
  const parsed = monitorFormSchema.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
};
const AGENT = '00000000-0000-4000-8000-000000000000';

describe('assertions in the monitor form', () => {
  it('are saved in order, and refused with the assertion’s number and the reason', () => {
    const parsed = monitorFormSchema.parse(form(AGENT, [
      { source: 'status', operator: 'eq', value: '200' },
      { source: 'json', path: '$.status', operator: 'eq', value: 'ok' },
    ]));
    expect((parsed.options as HttpOptions).assertions).toEqual([
      { source: 'status', operator: 'eq', value: '200' },
      { source: 'json', path: '$.status', operator: 'eq', value: 'ok' },
    ]);
    expect(problems(form(AGENT, [{ source: 'status', operator: 'eq', value: '200' }, { source: 'json', path: '$.items[?', operator: 'exists' }]))).toEqual({
      assertions: expect.stringMatching(/^Assertion 2: JSONPath syntax error at position 10: /),
    });
    expect(problems(form(AGENT, [{ source: 'status', operator: 'contains', value: '2' }]))).toEqual({ assertions: expect.stringMatching(/^Assertion 1: "contains" does not apply to the status code/) });
    expect(problems(form(AGENT, [{ source: 'latency', operator: 'lt', value: 'fast' }]))).toEqual({ assertions: expect.stringMatching(/^Assertion 1: the latency \(ms\) compares with a number/) });
    expect(problems(form(AGENT, [{ source: 'sql', operator: 'eq', value: '1' }]))).toHaveProperty('assertions');
    expect(problems(form(AGENT, '[{not json'))).toEqual({ assertions: 'The assertions could not be read; reload the page and try again.' });
    // Existing monitors' options need none.
    expect((monitorFormSchema.parse({ name: 'Old', agentId: AGENT, type: 'http', target: 'https://example.com' }).options as HttpOptions).assertions).toEqual([]);
  });
});

describe('"try it"', () => {
  it('runs the check as typed from the server, with the same results as an agent’s check', async () => {
    process.env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS = 'true';
    resetEnvCache();
    try {
      const owner = await createTestUser('try');
      const input = monitorFormSchema.parse(form(AGENT, [
        { source: 'header', path: 'Content-Type', operator: 'contains', value: 'json' },
        { source: 'json', path: '$.status', operator: 'eq', value: 'ok' },
      ]));
      const tried = await tryMonitorCheck({ ctx: owner.ctx, input });
      const agent = await checkHttp(input.target, input.options as HttpOptions, 5000);
      const withoutLatency = ({ latencyMs: _, ...rest }: typeof tried) => rest;
      expect(withoutLatency(tried)).toEqual(withoutLatency(agent));
      expect(tried).toMatchObject({ status: 'down', errorMessage: 'json $.status: expected "ok", got "degraded"' });
      // Viewers may not.
      expect((await refusal(tryMonitorCheck({ ctx: { ...owner.ctx, role: 'viewer' }, input }))).code).toBe('FORBIDDEN');
    } finally {
      delete process.env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS;
      resetEnvCache();
    }
  });

  it('keeps the built-in agent’s rule: no private addresses in production without the operator’s consent', async () => {
    const owner = await createTestUser('try-private');
    const input = monitorFormSchema.parse(form(AGENT, []));
    expect(await tryMonitorCheck({ ctx: owner.ctx, input })).toMatchObject({ status: 'error', errorMessage: expect.stringMatching(/may not check private addresses/) });
  });
});

describe('the last check’s assertion results', () => {
  it('are kept from the newest heartbeat that has them, never overwritten by an older one', async () => {
    const owner = await agentWithMonitors(1);
    const [monitorId] = owner.monitorIds as [string];
    const t = Date.now() - 60_000;
    const results = (actual: string) => [{ passed: false, actual, message: `json $.status: expected "ok", got ${actual}` }];
    expect((await postHeartbeats(owner.token, { heartbeats: [
      { monitorId, time: at(t, 0), status: 'down', assertions: results('"a"') },
      { monitorId, time: at(t, 10), status: 'down', assertions: results('"b\u0000"') },
    ] })).status).toBe(202);
    const kept = await lastAssertionResults(owner.teamId, monitorId);
    expect(kept).toMatchObject({ time: new Date(at(t, 10)), results: [{ actual: '"b"' }] });
    // A late batch with an older check leaves the newer results.
    await postHeartbeats(owner.token, { heartbeats: [{ monitorId, time: at(t, 5), status: 'down', assertions: results('"late"') }] });
    expect((await lastAssertionResults(owner.teamId, monitorId))!.results[0]!.actual).toBe('"b"');
    // Another team sees nothing.
    const stranger = await createTestUser('stranger');
    expect(await lastAssertionResults(stranger.teamId, monitorId)).toBeNull();
    // A malformed result refuses the batch, storing nothing.
    const refused = await postHeartbeats(owner.token, { heartbeats: [{ monitorId, time: at(t, 20), status: 'up', assertions: [{ passed: 'yes' }] }] });
    expect(refused.status).toBe(400);
  });

  it('come from the agent through ingest for a monitor made in the form', async () => {
    const owner = await createTestUser('assert-flow');
    const agent = await createAgent({ ctx: owner.ctx, input: { name: 'probe', kind: 'remote' } });
    const { id } = await createMonitor({ ctx: owner.ctx, input: monitorFormSchema.parse(form(agent.id, [{ source: 'json', path: '$.version', operator: 'matches', value: '2.*' }])) });
    const check = await checkHttp(`${base}/health`, (monitorFormSchema.parse(form(agent.id, [{ source: 'json', path: '$.version', operator: 'matches', value: '2.*' }])).options as HttpOptions), 5000);
    expect((await postHeartbeats(agent.token, { heartbeats: [{ monitorId: id, time: new Date().toISOString(), ...check }] })).status).toBe(202);
    expect((await lastAssertionResults(owner.teamId, id))!.results).toEqual([{ passed: true, actual: '"2.4.1"' }]);
  });
});

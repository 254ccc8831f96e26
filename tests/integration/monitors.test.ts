import { describe, expect, it } from 'vitest';
import { getMonitor, listMonitors } from '@/db/queries/monitors';
import { createAgent } from '@/lib/agents/manage';
import { resetEnvCache } from '@/lib/env';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor, deleteMonitor, setMonitorEnabled, updateMonitor } from '@/lib/monitors/manage';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

const sql = testSql();

const AGENT = '00000000-0000-4000-8000-000000000000';
const form = (fields: Record<string, string>) => ({ name: 'Site', agentId: AGENT, type: 'http', target: 'https://example.com', ...fields });

function fieldErrors(fields: Record<string, string>): Record<string, string> {
  const result = monitorFormSchema.safeParse(form(fields));
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

async function setup() {
  const owner = await createTestUser('owner');
  const { id: agentId } = await createAgent({ ctx: owner.ctx, input: { name: 'Probe', kind: 'remote' } });
  return { ctx: teamCtx(owner.userId), agentId };
}

describe('monitor fields', () => {
  it('fill in the defaults', () => {
    const parsed = monitorFormSchema.parse(form({ followRedirects: 'on', verifyTls: 'on' }));
    expect(parsed).toMatchObject({
      intervalSeconds: 30,
      timeoutSeconds: 10,
      failureThreshold: 2,
      recoveryThreshold: 1,
      options: { method: 'GET', expectedStatus: '200-399', followRedirects: true, verifyTls: true, keywordInverted: false, headers: {} },
    });
  });

  it('keep every http option', () => {
    const parsed = monitorFormSchema.parse(
      form({
        method: 'POST',
        expectedStatus: '200-299, 301',
        keyword: 'maintenance',
        keywordInverted: 'on',
        headers: 'Authorization: Bearer abc\nX-Probe: 1',
        body: '{"ping":true}',
      }),
    );
    expect(parsed.options).toEqual({
      method: 'POST',
      expectedStatus: '200-299, 301',
      keyword: 'maintenance',
      keywordInverted: true,
      followRedirects: false,
      headers: { Authorization: 'Bearer abc', 'X-Probe': '1' },
      body: '{"ping":true}',
      verifyTls: false,
      assertions: [],
      certificateWarningDays: [21, 14, 7, 1],
    });
  });

  it.each([
    [{ target: 'http:/x' }, 'target', /starts with http:\/\/ or https:\/\//],
    [{ target: 'javascript:alert(1)' }, 'target', /starts with http:\/\//],
    [{ target: 'ftp://example.com' }, 'target', /http:\/\//],
    [{ type: 'tcp', target: 'host:99999' }, 'target', /port from 1 to 65535/],
    [{ type: 'tcp', target: 'host' }, 'target', /host:port/],
    [{ type: 'tcp', target: '2001:db8::1:443' }, 'target', /\[2001:db8::1\]:443/],
    [{ type: 'ping', target: 'not a host' }, 'target', /host name or an IP address/],
    [{ type: 'dns', target: '192.0.2.1;rm' }, 'target', /host name to look up/],
    [{ type: 'dns', target: 'example.com', resolver: 'dns.google' }, 'resolver', /IP address/],
    [{ type: 'dns', target: 'example.com', recordType: 'SOA' }, 'recordType', /.+/],
    [{ name: 'x'.repeat(5000) }, 'name', /at most 100 characters/],
    [{ name: '' }, 'name', /Give the monitor a name/],
    [{ type: 'smtp' }, 'type', /Choose a monitor type/],
    [{ agentId: 'not-an-id' }, 'agentId', /Choose one of your agents/],
    [{ intervalSeconds: '5' }, 'intervalSeconds', /at least 10/],
    [{ intervalSeconds: 'often' }, 'intervalSeconds', /whole number/],
    [{ timeoutSeconds: '61', intervalSeconds: '120' }, 'timeoutSeconds', /at most 60/],
    [{ timeoutSeconds: '30', intervalSeconds: '30' }, 'timeoutSeconds', /shorter than the interval/],
    [{ failureThreshold: '11' }, 'failureThreshold', /at most 10/],
    [{ recoveryThreshold: '0' }, 'recoveryThreshold', /at least 1/],
    [{ expectedStatus: '200-99' }, 'expectedStatus', /100 to 599/],
    [{ expectedStatus: '2xx' }, 'expectedStatus', /100 to 599/],
    [{ headers: 'no colon here' }, 'headers', /Name: value/],
    [{ headers: 'Bad Name: x' }, 'headers', /letters, digits/],
    [{ method: 'DELETE' }, 'method', /.+/],
    [{ body: 'x', method: 'GET' }, 'body', /only sent with POST/],
  ])('refuse %j under the %s field', (fields, field, message) => {
    expect(fieldErrors(fields as Record<string, string>)[field]).toMatch(message);
  });

  it('accept the target forms each type allows', () => {
    for (const fields of <Record<string, string>[]>[
      { target: 'http://127.0.0.1:8080/health?x=1' },
      { target: 'https://[2001:db8::1]/' },
      { type: 'tcp', target: 'db.internal:5432' },
      { type: 'tcp', target: '[2001:db8::1]:443' },
      { type: 'tcp', target: '192.0.2.1:22' },
      { type: 'ping', target: '2001:db8::1' },
      { type: 'ping', target: 'example.com' },
      { type: 'dns', target: 'example.com', recordType: 'TXT', expectedValue: 'v=spf1', resolver: '[2606:4700::1111]:53' },
    ]) {
      expect(fieldErrors(fields), JSON.stringify(fields)).toEqual({});
    }
  });
});

describe('monitors', () => {
  it('are created, listed, filtered, edited, paused and deleted by their owner', async () => {
    const { ctx, agentId } = await setup();
    const { id } = await createMonitor({ ctx, input: monitorFormSchema.parse(form({ agentId })) });
    await createMonitor({ ctx, input: monitorFormSchema.parse(form({ agentId, name: 'DB', type: 'tcp', target: 'db:5432' })) });
    expect((await listMonitors(ctx.teamId)).map((m) => m.name)).toEqual(['DB', 'Site']);

    await updateMonitor({ ctx, input: { monitorId: id, ...monitorFormSchema.parse(form({ agentId, name: 'Site v2', intervalSeconds: '60' })) } });
    expect(await getMonitor(ctx.teamId, id)).toMatchObject({ name: 'Site v2', intervalSeconds: 60, status: 'unknown' });

    await setMonitorEnabled({ ctx, input: { monitorId: id, enabled: false } });
    expect(await getMonitor(ctx.teamId, id)).toMatchObject({ enabled: false, status: 'paused' });
    expect((await listMonitors(ctx.teamId, { status: 'paused' })).map((m) => m.name)).toEqual(['Site v2']);
    await setMonitorEnabled({ ctx, input: { monitorId: id, enabled: true } });
    expect(await getMonitor(ctx.teamId, id)).toMatchObject({ enabled: true, status: 'unknown' });

    await deleteMonitor({ ctx, input: { monitorId: id } });
    expect(await getMonitor(ctx.teamId, id)).toBeNull();
  });

  it("refuse every verb on another user's monitor, and a monitor on another user's agent, changing nothing", async () => {
    const owner = await setup();
    const stranger = await setup();
    const { id } = await createMonitor({ ctx: owner.ctx, input: monitorFormSchema.parse(form({ agentId: owner.agentId })) });
    const ctx = stranger.ctx;
    const update = monitorFormSchema.parse(form({ agentId: stranger.agentId, name: 'Hijacked' }));
    await expect(updateMonitor({ ctx, input: { monitorId: id, ...update } })).rejects.toThrow('That monitor does not exist.');
    await expect(setMonitorEnabled({ ctx, input: { monitorId: id, enabled: false } })).rejects.toThrow('That monitor does not exist.');
    await expect(deleteMonitor({ ctx, input: { monitorId: id } })).rejects.toThrow('That monitor does not exist.');
    expect(await getMonitor(stranger.ctx.teamId, id)).toBeNull();
    expect(await getMonitor(owner.ctx.teamId, id)).toMatchObject({ name: 'Site', enabled: true });

    // Pointing a monitor (new or own) at someone else's agent.
    const onTheirAgent = monitorFormSchema.parse(form({ agentId: owner.agentId, name: 'Sneaky' }));
    await expect(createMonitor({ ctx, input: onTheirAgent })).rejects.toThrow('Choose one of your agents.');
    const { id: own } = await createMonitor({ ctx, input: monitorFormSchema.parse(form({ agentId: stranger.agentId })) });
    await expect(updateMonitor({ ctx, input: { monitorId: own, ...onTheirAgent } })).rejects.toThrow('Choose one of your agents.');
    const [count] = await sql`SELECT count(*)::int AS n FROM monitors WHERE name = 'Sneaky'`;
    expect(count?.n).toBe(0);
  });

  it('on the built-in agent, may check private addresses only in embedded mode or when the operator allows it', async () => {
    const owner = await createTestUser();
    const ctx = teamCtx(owner.userId);
    const { id: agentId } = await createAgent({ ctx, input: { name: 'This server', kind: 'builtin' } });
    const privateTargets = [
      form({ agentId, target: 'http://127.0.0.1:8080/' }),
      form({ agentId, type: 'tcp', target: '10.0.0.5:5432' }),
      form({ agentId, type: 'ping', target: 'localhost' }),
      form({ agentId, target: 'http://[::1]/' }),
    ];
    for (const fields of privateTargets) {
      await expect(createMonitor({ ctx, input: monitorFormSchema.parse(fields) })).rejects.toThrow(/only check public addresses/);
    }
    await createMonitor({ ctx, input: monitorFormSchema.parse(form({ agentId, target: 'https://example.com/' })) });

    process.env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS = 'true';
    resetEnvCache();
    await createMonitor({ ctx, input: monitorFormSchema.parse(privateTargets[0]!) });
    process.env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS = 'false';
    process.env.WATCHPOST_EMBEDDED = 'true';
    resetEnvCache();
    await createMonitor({ ctx, input: monitorFormSchema.parse(privateTargets[1]!) });
    process.env.WATCHPOST_EMBEDDED = 'false';
    resetEnvCache();
  });
});

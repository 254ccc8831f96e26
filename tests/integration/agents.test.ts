import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as getConfig } from '@/app/api/v1/agent/config/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { agentChoices, getAgent, listAgents } from '@/db/queries/agents';
import { createAgent, deleteAgent, renameAgent, rotateAgentKey } from '@/lib/agents/manage';
import { reencryptStoredSecrets } from '@/lib/agents/reencrypt';
import { createAgentSchema } from '@/lib/agents/schemas';
import { keyIdOf, serverKey } from '@/lib/crypto/agent-keys';
import { resetEnvCache } from '@/lib/env';
import { createMonitor } from '@/lib/monitors/manage';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createTestUser, teamCtx, teamOf } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());

const config = (token?: string, headers: Record<string, string> = {}) =>
  getConfig(
    new Request('http://watchpost.test/api/v1/agent/config', {
      headers: { ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    }),
  );

async function newAgent(userId: string, name = `agent-${randomUUID().slice(0, 6)}`) {
  const created = await createAgent({ ctx: teamCtx(userId), input: { name, kind: 'remote' } });
  return { id: created.id, token: created.token! };
}

async function addMonitor(userId: string, agentId: string, fields: Record<string, string>) {
  const input = monitorFormSchema.parse({ name: 'm', agentId, type: 'http', target: 'https://example.com', ...fields });
  return createMonitor({ ctx: teamCtx(userId), input });
}

describe('agents', () => {
  it('are created with a token that is stored only encrypted', async () => {
    const { userId } = await createTestUser();
    const { id, token } = await newAgent(userId, 'Office probe');
    expect(token).toMatch(/^wpa_/);
    const [row] = await sql`SELECT api_key_encrypted, kind, status FROM agents WHERE id = ${id}`;
    expect(row?.kind).toBe('remote');
    expect(Buffer.from(row!.api_key_encrypted).includes(Buffer.from(token))).toBe(false);
    expect(JSON.stringify(await sql`SELECT * FROM agents WHERE id = ${id}`)).not.toContain(token.slice(4));
  });

  it('have names unique per user (any case), 1–100 characters', async () => {
    const { userId } = await createTestUser();
    const other = await createTestUser();
    await newAgent(userId, 'Probe');
    await expect(newAgent(userId, 'probe')).rejects.toThrow(/This team already has an agent named/);
    await newAgent(other.userId, 'Probe');
    expect(createAgentSchema.safeParse({ name: '   ' }).success).toBe(false);
    expect(createAgentSchema.safeParse({ name: 'x'.repeat(5000) }).error?.issues[0]?.message).toBe(
      'Agent names can be at most 100 characters.',
    );
    expect(await agentChoices(teamOf(userId))).toHaveLength(1);
  });

  it('allow one built-in agent per user, with no token', async () => {
    const { userId } = await createTestUser();
    const builtin = await createAgent({ ctx: teamCtx(userId), input: { name: 'This server', kind: 'builtin' } });
    expect(builtin.token).toBeNull();
    await expect(createAgent({ ctx: teamCtx(userId), input: { name: 'Another', kind: 'builtin' } })).rejects.toThrow(
      /This team already has the built-in agent/,
    );
  });

  it('are listed with their monitor count and online state', async () => {
    const { userId } = await createTestUser();
    const { id, token } = await newAgent(userId, 'Listed');
    await addMonitor(userId, id, {});
    await addMonitor(userId, id, { type: 'tcp', target: 'db.internal:5432' });
    expect(await listAgents(teamOf(userId), 30)).toEqual([expect.objectContaining({ name: 'Listed', online: false, monitorCount: 2, lastSeenAt: null })]);
    await config(token);
    expect((await getAgent(teamOf(userId), id, 30))?.online).toBe(true);
    await sql`UPDATE agents SET last_seen_at = now() - interval '91 seconds' WHERE id = ${id}`;
    expect((await getAgent(teamOf(userId), id, 30))?.online).toBe(false);
  });

  it("refuse every verb on another user's agent as not found, changing nothing", async () => {
    const owner = await createTestUser('owner');
    const stranger = await createTestUser('stranger');
    const { id, token } = await newAgent(owner.userId, 'Mine');
    const ctx = teamCtx(stranger.userId);
    await expect(renameAgent({ ctx, input: { agentId: id, name: 'Stolen' } })).rejects.toThrow('That agent does not exist.');
    await expect(rotateAgentKey({ ctx, input: { agentId: id } })).rejects.toThrow('That agent does not exist.');
    await expect(deleteAgent({ ctx, input: { agentId: id } })).rejects.toThrow('That agent does not exist.');
    expect(await getAgent(stranger.teamId, id, 30)).toBeNull();
    expect((await getAgent(owner.teamId, id, 30))?.name).toBe('Mine');
    expect((await config(token)).status).toBe(200);
  });

  it('rotating the key stops the old token at once; deleting cascades to monitors, heartbeats and incidents', async () => {
    const { userId } = await createTestUser();
    const { id, token } = await newAgent(userId);
    const fresh = await rotateAgentKey({ ctx: teamCtx(userId), input: { agentId: id } });
    expect((await config(token)).status).toBe(401);
    expect((await config(fresh)).status).toBe(200);

    const { id: monitorId } = await addMonitor(userId, id, {});
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now(), ${monitorId}, ${id}, 'down')`;
    await sql`INSERT INTO incidents (monitor_id, started_at) VALUES (${monitorId}, now())`;
    await deleteAgent({ ctx: teamCtx(userId), input: { agentId: id } });
    const [left] = await sql`
      SELECT (SELECT count(*) FROM monitors WHERE id = ${monitorId})::int AS monitors,
             (SELECT count(*) FROM heartbeats WHERE monitor_id = ${monitorId})::int AS heartbeats,
             (SELECT count(*) FROM incidents WHERE monitor_id = ${monitorId})::int AS incidents`;
    expect(left).toEqual({ monitors: 0, heartbeats: 0, incidents: 0 });
    expect((await config(fresh)).status).toBe(401);
  });
});

describe('GET /api/v1/agent/config', () => {
  it('sends TLS monitors only to agents that know them (0.2.0 on, or agents that name no Watchpost version), and never push monitors', async () => {
    const { userId } = await createTestUser();
    const { id, token } = await newAgent(userId, 'Compat probe');
    await addMonitor(userId, id, { name: 'Site' });
    await addMonitor(userId, id, { name: 'Mail', type: 'tls', target: 'mail.example.com:465' });
    const names = async (userAgent?: string) =>
      ((await (await config(token, userAgent ? { 'user-agent': userAgent } : {})).json()).monitors as { name: string }[]).map((m) => m.name).sort();
    expect(await names('Watchpost-Agent/0.1.0 (node v20.20.2; linux x64)')).toEqual(['Site']);
    expect(await names('Watchpost-Agent/0.2.0 (node v20.20.2; linux x64)')).toEqual(['Mail', 'Site']);
    expect(await names('Watchpost-Agent/1.0.0')).toEqual(['Mail', 'Site']);
    expect(await names('curl/8.0')).toEqual(['Mail', 'Site']);
  });

  it('an agent skips a monitor it cannot run instead of refusing its whole configuration', async () => {
    const { AgentClient } = await import('@/agent/client');
    const monitor = (id: number, type: string) => ({ id: `00000000-0000-4000-8000-00000000000${id}`, name: `m${id}`, type, target: 'example.com:443', intervalSeconds: 60, timeoutSeconds: 5, options: {} });
    const server = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', etag: '"x"' }).end(JSON.stringify({ agent: { id: randomUUID(), name: 'a' }, pollSeconds: 30, monitors: [monitor(1, 'tcp'), monitor(2, 'smtp-from-the-future')] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new AgentClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'wpa_test');
    try {
      const fetched = await client.fetchConfig(null);
      expect(fetched!.config.monitors.map((m) => m.name)).toEqual(['m1']);
      expect(fetched!.skipped).toBe(1);
    } finally {
      await client.close();
      server.close();
    }
  });

  it("returns exactly the agent's enabled monitors with complete options, an ETag, and marks it seen", async () => {
    const { userId } = await createTestUser();
    const { id, token } = await newAgent(userId, 'Config probe');
    const other = await newAgent(userId);
    await addMonitor(userId, id, { name: 'Site', keyword: 'Welcome', method: 'GET', followRedirects: 'on', verifyTls: 'on' });
    await addMonitor(userId, id, { name: 'DNS', type: 'dns', target: 'example.com', recordType: 'MX', resolver: '1.1.1.1' });
    const { id: paused } = await addMonitor(userId, id, { name: 'Paused', type: 'ping', target: 'example.com' });
    await sql`UPDATE monitors SET enabled = false, status = 'paused' WHERE id = ${paused}`;
    await addMonitor(userId, other.id, { name: 'Not mine' });
    // A row written with only the seed's columns still configures a working check.
    await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${id}, 'Seed row', 'tcp', 'db.internal:5432')`;

    const response = await config(token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.agent).toEqual({ id, name: 'Config probe' });
    expect(body.pollSeconds).toBe(30);
    expect(body.monitors.map((m: { name: string }) => m.name).sort()).toEqual(['DNS', 'Seed row', 'Site']);
    expect(body.monitors.find((m: { name: string }) => m.name === 'Site')).toMatchObject({
      type: 'http',
      target: 'https://example.com',
      intervalSeconds: 30,
      timeoutSeconds: 10,
      options: { method: 'GET', expectedStatus: '200-399', keyword: 'Welcome', keywordInverted: false, followRedirects: true, headers: {}, verifyTls: true },
    });
    expect(body.monitors.find((m: { name: string }) => m.name === 'DNS').options).toEqual({ recordType: 'MX', resolver: '1.1.1.1' });
    expect(body.monitors.find((m: { name: string }) => m.name === 'Seed row')).toMatchObject({ intervalSeconds: 30, timeoutSeconds: 10, options: {} });

    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const [seen] = await sql`SELECT status, last_seen_at > now() - interval '1 minute' AS recent FROM agents WHERE id = ${id}`;
    expect(seen).toEqual({ status: 'online', recent: true });

    const unchanged = await config(token, { 'If-None-Match': etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    await sql`UPDATE monitors SET target = 'https://example.org' WHERE name = 'Site' AND agent_id = ${id}`;
    expect((await config(token, { 'If-None-Match': etag })).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty token', ''],
    ['Basic credentials', 'basic'],
    ['a malformed token', 'wpa_nope'],
    ['a token for an agent that does not exist', 'unknown'],
    ['a token with one character changed', 'changed'],
  ])('answers %s with the same 401', async (_case, kind) => {
    const { userId } = await createTestUser();
    const { token } = await newAgent(userId);
    const headers: Record<string, string> = {};
    let presented: string | undefined;
    if (kind === 'basic') headers.Authorization = `Basic ${Buffer.from('agent:secret').toString('base64')}`;
    else if (kind === 'unknown') presented = `wpa_${Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url')}${token.slice(-43)}`;
    else if (kind === 'changed') presented = `${token.slice(0, 30)}${token[30] === 'a' ? 'b' : 'a'}${token.slice(31)}`;
    else presented = kind;
    const response = await config(presented, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Missing or invalid agent token.' } });
  });

  it('refuses a token whose stored ciphertext was moved onto another agent', async () => {
    const { userId } = await createTestUser();
    const a = await newAgent(userId);
    const b = await newAgent(userId);
    await sql`UPDATE agents SET api_key_encrypted = (SELECT api_key_encrypted FROM agents WHERE id = ${a.id}) WHERE id = ${b.id}`;
    // b's row now holds a's ciphertext: it does not decrypt under b's id.
    expect((await config(b.token)).status).toBe(401);
    expect((await config(a.token)).status).toBe(200);
    await deleteAgent({ ctx: teamCtx(userId), input: { agentId: b.id } });
  });

  it('matches the OpenAPI document it publishes', async () => {
    const { userId } = await createTestUser();
    const { id, token } = await newAgent(userId);
    await addMonitor(userId, id, { headers: 'X-Probe: watchpost', method: 'POST', body: '{}' });
    await addMonitor(userId, id, { type: 'dns', target: 'example.com' });
    await addMonitor(userId, id, { type: 'ping', target: '192.0.2.1' });
    const document = await getOpenApi().json();
    expect(document.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi');
    const validates = (name: string, value: unknown) => {
      const ok = ajv.validate({ $ref: `openapi#/components/schemas/${name}` }, value);
      return ok || ajv.errorsText();
    };
    expect(validates('AgentConfig', await (await config(token)).json())).toBe(true);
    expect(validates('Error', await (await config('nope')).json())).toBe(true);
    expect(validates('AgentConfig', { agent: { id: 'x' }, monitors: [] })).not.toBe(true);
  });
});

describe('npm run admin -- rotate-encryption-key', () => {
  it('re-encrypts every agent key under the new server key in one go; every agent keeps working', async () => {
    const { userId } = await createTestUser();
    const agents = await Promise.all([newAgent(userId), newAgent(userId), newAgent(userId)]);
    const oldKey = process.env.WATCHPOST_ENCRYPTION_KEY!;
    const newKey = randomBytes(32).toString('base64');

    // Meanwhile both keys are accepted.
    process.env.WATCHPOST_ENCRYPTION_KEY = newKey;
    process.env.WATCHPOST_ENCRYPTION_KEY_PREVIOUS = oldKey;
    resetEnvCache();
    for (const agent of agents) expect((await config(agent.token)).status).toBe(200);

    const result = await reencryptStoredSecrets(sql, serverKey(newKey), [serverKey(newKey), serverKey(oldKey)]);
    expect(result.reencrypted).toBeGreaterThanOrEqual(3);
    const rows = await sql<{ api_key_encrypted: Buffer }[]>`SELECT api_key_encrypted FROM agents WHERE kind = 'remote'`;
    expect(rows.every((row) => keyIdOf(row.api_key_encrypted)?.equals(serverKey(newKey).id))).toBe(true);

    // The old key can go; every agent still works.
    process.env.WATCHPOST_ENCRYPTION_KEY_PREVIOUS = '';
    resetEnvCache();
    for (const agent of agents) expect((await config(agent.token)).status).toBe(200);

    // A rotation that cannot read some key changes nothing.
    const unknownKey = randomBytes(32).toString('base64');
    await expect(reencryptStoredSecrets(sql, serverKey(unknownKey), [serverKey(unknownKey)])).rejects.toThrow(/Nothing was changed/);
    const after = await sql<{ api_key_encrypted: Buffer }[]>`SELECT api_key_encrypted FROM agents WHERE kind = 'remote'`;
    expect(after.every((row) => keyIdOf(row.api_key_encrypted)?.equals(serverKey(newKey).id))).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GET as getAgentConfig } from '@/app/api/v1/agent/config/route';
import * as agentRoute from '@/app/api/v1/agents/[id]/route';
import * as agentRotateRoute from '@/app/api/v1/agents/[id]/rotate/route';
import * as agentsRoute from '@/app/api/v1/agents/route';
import * as incidentRoute from '@/app/api/v1/incidents/[id]/route';
import * as maintenanceItemRoute from '@/app/api/v1/maintenance/[id]/route';
import * as endRoute from '@/app/api/v1/maintenance/[id]/end/route';
import * as extendRoute from '@/app/api/v1/maintenance/[id]/extend/route';
import * as maintenanceRoute from '@/app/api/v1/maintenance/route';
import * as acknowledgeRoute from '@/app/api/v1/incidents/[id]/acknowledge/route';
import * as resolveRoute from '@/app/api/v1/incidents/[id]/resolve/route';
import * as incidentsRoute from '@/app/api/v1/incidents/route';
import * as monitorRoute from '@/app/api/v1/monitors/[id]/route';
import * as pauseRoute from '@/app/api/v1/monitors/[id]/pause/route';
import * as resumeRoute from '@/app/api/v1/monitors/[id]/resume/route';
import * as monitorSummaryRoute from '@/app/api/v1/monitors/[id]/summary/route';
import * as monitorHeartbeatsRoute from '@/app/api/v1/monitors/[id]/heartbeats/route';
import * as membersRoute from '@/app/api/v1/members/route';
import * as channelsRoute from '@/app/api/v1/channels/route';
import * as channelRoute from '@/app/api/v1/channels/[id]/route';
import * as channelTestRoute from '@/app/api/v1/channels/[id]/test/route';
import * as policiesRoute from '@/app/api/v1/escalation-policies/route';
import * as policyRoute from '@/app/api/v1/escalation-policies/[id]/route';
import * as slosRoute from '@/app/api/v1/slos/route';
import * as sloRoute from '@/app/api/v1/slos/[id]/route';
import * as reportsRoute from '@/app/api/v1/reports/route';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import * as usageRoute from '@/app/api/v1/usage/route';
import * as pingUrlRoute from '@/app/api/v1/monitors/[id]/ping-url/route';
import * as pingUrlRegenerateRoute from '@/app/api/v1/monitors/[id]/ping-url/regenerate/route';
import * as certificatesRoute from '@/app/api/v1/certificates/route';
import * as domainsRoute from '@/app/api/v1/domains/route';
import * as pingRoute from '@/app/ping/[key]/route';
import * as statusPagesRoute from '@/app/api/v1/status-pages/route';
import * as statusPageRoute from '@/app/api/v1/status-pages/[id]/route';
import * as componentsRoute from '@/app/api/v1/status-pages/[id]/components/route';
import * as componentRoute from '@/app/api/v1/status-pages/[id]/components/[componentId]/route';
import * as componentMoveRoute from '@/app/api/v1/status-pages/[id]/components/[componentId]/move/route';
import * as postsRoute from '@/app/api/v1/status-pages/[id]/posts/route';
import * as postUpdatesRoute from '@/app/api/v1/status-pages/[id]/posts/[postId]/updates/route';
import * as monitorsRoute from '@/app/api/v1/monitors/route';
import * as applyRoute from '@/app/api/v1/apply/route';
import * as exportRoute from '@/app/api/v1/export/route';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';
import { listApiTokens } from '@/db/queries/api-tokens';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { resetEnvCache } from '@/lib/env';
import { resumeTimedPauses } from '@/lib/monitors/manage';
import { changeRole, createTeam, removeMember } from '@/lib/teams/manage';
import { acceptTeamInvitation, inviteMember } from '@/lib/teams/invitations';
import type { TeamContext } from '@/lib/teams/roles';
import { createTestUser, refusal } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());
afterEach(() => {
  delete process.env.WATCHPOST_API_RATE_LIMIT;
  resetEnvCache();
});

type Handler = (request: Request, route?: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

// Every answer of this file is checked against the published OpenAPI document below.
const answers: { method: string; template: string; answer: Answer }[] = [];

async function call(
  handler: Handler,
  template: string,
  options: { token?: string | null; method?: string; id?: string; params?: Record<string, string>; body?: unknown; headers?: Record<string, string>; query?: string } = {},
): Promise<Answer> {
  const method = options.method ?? (options.body !== undefined ? 'POST' : 'GET');
  const params: Record<string, string> = { ...(options.id === undefined ? {} : { id: options.id }), ...options.params };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '') + (options.query ? `?${options.query}` : '');
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const request = new Request(`http://watchpost.test${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  const answer = { status: response.status, headers: response.headers, body: text ? (json ? JSON.parse(text) : text) : null };
  answers.push({ method: method.toLowerCase(), template, answer });
  return answer;
}

/** A team of the given roles around its owner, each a context. */
async function team() {
  const owner = await createTestUser('api-owner');
  const { id: teamId } = await createTeam({ userId: owner.userId, input: { name: `API ${randomUUID().slice(0, 6)}` } });
  const ownerCtx: TeamContext = { userId: owner.userId, teamId, role: 'owner' };
  const members: Record<string, TeamContext> = { owner: ownerCtx };
  for (const role of ['admin', 'viewer'] as const) {
    const person = await createTestUser(`api-${role}`);
    const sent = await inviteMember({ ctx: ownerCtx, input: { email: person.email, role }, baseUrl: 'https://w.example' });
    await acceptTeamInvitation({ token: decodeURIComponent(sent.url.split('/join/')[1]!), userId: person.userId, email: person.email });
    members[role] = { userId: person.userId, teamId, role };
  }
  const agent = await sql`INSERT INTO agents (user_id, team_id, name, api_key_encrypted) VALUES (${owner.userId}, ${teamId}, 'probe', '\\x00') RETURNING id`;
  return { ownerCtx, admin: members.admin!, viewer: members.viewer!, teamId, agentId: agent[0]!.id as string };
}

const token = async (ctx: TeamContext, role: 'viewer' | 'responder' | 'editor', name = `${role} token`) =>
  (await createApiToken({ ctx, input: { name, role, expiresAt: null } })).token;

const http = (agentId: string, name = `api ${randomUUID().slice(0, 6)}`) => ({ name, type: 'http', target: 'https://example.com/health', agentId, intervalSeconds: 60, timeoutSeconds: 10 });

describe('API tokens', () => {
  it('any missing, malformed, unknown, expired or revoked token gets the same 401, and a session cookie alone is no token', async () => {
    const t = await team();
    const good = await token(t.admin, 'viewer');
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: good })).status).toBe(200);
    const expired = await createApiToken({ ctx: t.admin, input: { name: 'old', role: 'viewer', expiresAt: new Date(Date.now() + 60_000) } });
    await sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ${expired.id}`;
    const revoked = await createApiToken({ ctx: t.admin, input: { name: 'gone', role: 'viewer', expiresAt: null } });
    await revokeApiToken({ ctx: t.admin, input: { id: revoked.id } });
    const refusals = [
      await call(monitorsRoute.GET, '/api/v1/monitors'),
      await call(monitorsRoute.GET, '/api/v1/monitors', { token: 'wpt_short' }),
      await call(monitorsRoute.GET, '/api/v1/monitors', { token: `wpt_${'A'.repeat(43)}` }),
      await call(monitorsRoute.GET, '/api/v1/monitors', { token: expired.token }),
      await call(monitorsRoute.GET, '/api/v1/monitors', { token: revoked.token }),
      await call(monitorsRoute.GET, '/api/v1/monitors', { headers: { cookie: 'authjs.session-token=whatever; watchpost-team=x' } }),
      await call(monitorsRoute.POST, '/api/v1/monitors', { headers: { cookie: 'authjs.session-token=whatever' }, body: http(t.agentId) }),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Missing or invalid API token.' } });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="watchpost"');
    }
    expect((await sql`SELECT count(*)::int AS n FROM monitors WHERE agent_id = ${t.agentId}`)[0]!.n).toBe(0);
  });

  it('is shown once, stored as a hash, listed with its last use; only admins make or revoke them', async () => {
    const t = await team();
    const { id, token: secret } = await createApiToken({ ctx: t.admin, input: { name: 'ci', role: 'editor', expiresAt: null } });
    expect(secret).toMatch(/^wpt_[A-Za-z0-9_-]{43}$/);
    const [stored] = await sql`SELECT encode(token_hash, 'hex') AS hash FROM api_tokens WHERE id = ${id}`;
    expect(stored!.hash).toHaveLength(64);
    expect(JSON.stringify(await sql`SELECT * FROM api_tokens WHERE id = ${id}`)).not.toContain(secret.slice(4));
    await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, headers: { 'x-watchpost-client-ip': '203.0.113.7' } });
    const [listed] = (await listApiTokens(t.teamId)).filter((row) => row.id === id);
    expect(listed).toMatchObject({ name: 'ci', role: 'editor', lastUsedIp: '203.0.113.7' });
    expect(listed!.lastUsedAt).not.toBeNull();
    expect((await refusal(createApiToken({ ctx: t.viewer, input: { name: 'x', role: 'viewer', expiresAt: null } }))).code).toBe('FORBIDDEN');
    expect((await refusal(revokeApiToken({ ctx: t.viewer, input: { id } }))).code).toBe('FORBIDDEN');
    const stranger = await createTestUser('stranger');
    expect((await refusal(revokeApiToken({ ctx: stranger.ctx, input: { id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(createApiToken({ ctx: t.admin, input: { name: 'past', role: 'viewer', expiresAt: new Date(Date.now() - 1000) } }))).code).toBe('INVALID_INPUT');
  });

  it('acts with the lesser of its role and its creator’s, and stops when the creator leaves', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor');
    expect((await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: http(t.agentId) })).status).toBe(201);
    await changeRole({ ctx: t.ownerCtx, input: { userId: t.admin.userId, role: 'viewer' } });
    const narrowed = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: http(t.agentId) });
    expect(narrowed.status).toBe(403);
    expect(narrowed.body.error.message).toBe('Only editors can add, change or delete monitors.');
    await removeMember({ ctx: t.ownerCtx, input: { userId: t.admin.userId } });
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret })).status).toBe(401);
  });

  it('answers with RateLimit headers, and 429 with Retry-After past the limit', async () => {
    process.env.WATCHPOST_API_RATE_LIMIT = '3';
    resetEnvCache();
    const t = await team();
    const secret = await token(t.admin, 'viewer');
    const first = await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret });
    expect(first.headers.get('ratelimit-policy')).toBe('"per-token";q=3;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"per-token";r=2;t=(60|59)$/);
    await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret });
    await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret });
    const refused = await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit')).toMatch(/^"per-token";r=0;/);
    // Another token of the same team has its own budget.
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: await token(t.admin, 'viewer') })).status).toBe(200);
  });
});

describe('monitors through the API', () => {
  it('creates, reads with an ETag, changes with If-Match, and deletes; every write in the audit log under the token', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor', 'deploy bot');
    const created = await call(monitorsRoute.POST, '/api/v1/monitors', {
      token: secret,
      body: { ...http(t.agentId, 'shop'), options: { method: 'POST', body: '{}', headers: { 'X-Probe': 'watchpost' }, expectedStatus: '200-299', certificateWarningDays: [14, 3] } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/monitors/${id}`);
    expect(created.body).toMatchObject({ name: 'shop', type: 'http', agentId: t.agentId, status: 'unknown', enabled: true, intervalSeconds: 60, locations: [], quorumRule: 'any' });
    expect(created.body.options).toMatchObject({ method: 'POST', body: '{}', headers: { 'X-Probe': 'watchpost' }, expectedStatus: '200-299', certificateWarningDays: [14, 3], followRedirects: true, verifyTls: true });

    const read = await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id });
    expect(read.body).toEqual(created.body);
    const tag = read.headers.get('etag')!;
    expect(tag).toMatch(/^"[\w-]{27}"$/);

    const stale = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: secret, id, method: 'PATCH', body: { name: 'shop 2' }, headers: { 'if-match': '"not-it"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    const patched = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: secret, id, method: 'PATCH', body: { name: 'shop 2', options: { keyword: 'ok' } }, headers: { 'if-match': tag } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'shop 2', intervalSeconds: 60, options: { keyword: 'ok', method: 'POST', headers: { 'X-Probe': 'watchpost' }, certificateWarningDays: [14, 3] } });
    expect(patched.headers.get('etag')).not.toBe(tag);
    expect((await call(monitorRoute.DELETE, '/api/v1/monitors/{id}', { token: secret, id, method: 'DELETE', headers: { 'if-match': tag } })).status).toBe(412);
    expect((await call(monitorRoute.DELETE, '/api/v1/monitors/{id}', { token: secret, id, method: 'DELETE', headers: { 'if-match': patched.headers.get('etag')! } })).status).toBe(204);
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id })).status).toBe(404);

    const audit = await sql`SELECT actor, action, actor_user_id FROM audit_events WHERE team_id = ${t.teamId} AND object_kind = 'monitor' ORDER BY created_at`;
    expect(audit.map((row) => `${row.actor} ${row.action}`)).toEqual(['API token “deploy bot” created', 'API token “deploy bot” changed', 'API token “deploy bot” deleted']);
    expect(audit.every((row) => row.actor_user_id === t.admin.userId)).toBe(true);
  });

  it('takes locations and a quorum rule, refusing an agent of another team as a location', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor');
    const [second] = await sql`INSERT INTO agents (user_id, team_id, name, api_key_encrypted) VALUES (${t.ownerCtx.userId}, ${t.teamId}, 'second', '\\x00') RETURNING id`;
    const created = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: { ...http(t.agentId), locations: [second!.id], quorumRule: 'all', degradedAfterMs: 2000 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ agentId: t.agentId, locations: [second!.id], quorumRule: 'all', degradedAfterMs: 2000 });
    expect((await sql`SELECT location_count FROM monitors WHERE id = ${created.body.id}`)[0]!.location_count).toBe(2);
    const k = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: secret, id: created.body.id, method: 'PATCH', body: { quorumRule: 'k', quorumK: 3 } });
    expect(k.body.error.details).toEqual([{ field: 'quorumK', message: 'At most 2: the monitor has 2 locations.' }]);
    const stranger = await agentWithMonitors(0);
    const foreign = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: secret, id: created.body.id, method: 'PATCH', body: { locations: [stranger.agentId] } });
    expect(foreign.status).toBe(404);
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id: created.body.id })).body.locations).toEqual([second!.id]);
    // Next.js calls a route without dynamic segments with no params at all.
    const bare = await monitorsRoute.GET(new Request('http://watchpost.test/api/v1/monitors', { headers: { authorization: `Bearer ${secret}` } }));
    expect(bare.status).toBe(200);
  });

  it('lists a page at a time with a cursor and a Link header, filtered by status, type, agent and name', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: http(t.agentId, `list ${i}`) })).body.id);
    await call(pauseRoute.POST, '/api/v1/monitors/{id}/pause', { token: secret, id: ids[4], body: {} });
    const seen: string[] = [];
    let query = 'limit=2';
    for (let pages = 0; pages < 5; pages++) {
      const page = await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((m: { id: string }) => m.id));
      if (!page.body.next) {
        expect(page.headers.get('link')).toBeNull();
        break;
      }
      expect(page.headers.get('link')).toBe(`</api/v1/monitors?limit=2&cursor=${page.body.next}>; rel="next"`);
      query = `limit=2&cursor=${page.body.next}`;
    }
    expect(seen).toEqual(ids);
    const paused = await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query: 'status=paused' });
    expect(paused.body.data.map((m: { id: string }) => m.id)).toEqual([ids[4]]);
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query: 'name=LIST%203' })).body.data.map((m: { id: string }) => m.id)).toEqual([ids[3]]);
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query: 'type=dns' })).body.data).toEqual([]);
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query: `agentId=${t.agentId}&limit=200` })).body.data).toHaveLength(5);
    const bad = await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query: 'limit=500&colour=red&cursor=nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['colour', 'limit']);
    expect((await call(monitorsRoute.GET, '/api/v1/monitors', { token: secret, query: 'cursor=nope' })).body.error.details).toEqual([{ field: 'cursor', message: 'Not a cursor of this list.' }]);
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor');
    const viewerToken = await token(t.admin, 'viewer');
    const count = async () => (await sql`SELECT count(*)::int AS n FROM monitors WHERE agent_id = ${t.agentId}`)[0]!.n;
    const post = (body: unknown, headers: Record<string, string> = {}, as = secret) => call(monitorsRoute.POST, '/api/v1/monitors', { token: as, body, headers });

    const malformed = await post('{"name": ');
    expect([malformed.status, malformed.body.error.message]).toEqual([400, 'The body is not valid JSON.']);
    const unknown = await post({ ...http(t.agentId), colour: 'red', options: { method: 'GET', retries: 3 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual(expect.arrayContaining([{ field: 'colour', message: 'Unknown field.' }, { field: 'options.retries', message: 'Unknown field.' }]));
    const types = await post({ ...http(t.agentId), intervalSeconds: 'often', locations: 'everywhere' });
    expect(types.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['intervalSeconds', 'locations']);
    const rules = await post({ ...http(t.agentId), intervalSeconds: 30, timeoutSeconds: 30, options: { expectedStatus: '700' } });
    expect(rules.status).toBe(400);
    expect(rules.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'timeoutSeconds', message: 'The timeout must be shorter than the interval.' },
        { field: 'options.expectedStatus', message: 'Use codes and ranges from 100 to 599, like 200-299,301.' },
      ]),
    );
    const strangers = await createTestUser('stranger-agent');
    const [foreignAgent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${strangers.userId}, 'theirs', '\\x00') RETURNING id`;
    expect((await post(http(foreignAgent!.id))).status).toBe(404);
    expect((await post(http(t.agentId), { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = await post({ ...http(t.agentId), options: { body: 'x'.repeat(300 * 1024) } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const forbidden = await post(http(t.agentId), {}, viewerToken);
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await count()).toBe(0);

    // Another team's monitor, and ids that are not ids: 404 on every verb, nothing changed.
    const theirs = await createTestUser('their-monitor');
    const other = await agentWithMonitors(1);
    const foreignId = other.monitorIds[0]!;
    void theirs;
    for (const id of [foreignId, 'not-a-uuid']) {
      expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id })).status).toBe(404);
      expect((await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: secret, id, method: 'PATCH', body: { name: 'mine now' } })).status).toBe(404);
      expect((await call(monitorRoute.DELETE, '/api/v1/monitors/{id}', { token: secret, id, method: 'DELETE' })).status).toBe(404);
      expect((await call(pauseRoute.POST, '/api/v1/monitors/{id}/pause', { token: secret, id, body: {} })).status).toBe(404);
    }
    expect((await sql`SELECT name, enabled FROM monitors WHERE id = ${foreignId}`)[0]).toEqual({ name: 'm0', enabled: true });
  });

  it('answers a replayed Idempotency-Key with the first answer, and refuses it with another body', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor');
    const body = http(t.agentId, 'once');
    const first = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body, headers: { 'idempotency-key': 'deploy-42' } });
    const again = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body, headers: { 'idempotency-key': 'deploy-42' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const other = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: { ...body, name: 'twice' }, headers: { 'idempotency-key': 'deploy-42' } });
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await sql`SELECT count(*)::int AS n FROM monitors WHERE agent_id = ${t.agentId}`)[0]!.n).toBe(1);
    // A failed request keeps no answer: fixed, the same key goes through.
    const failed = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: { ...body, name: '' }, headers: { 'idempotency-key': 'deploy-43' } });
    expect(failed.status).toBe(400);
    expect((await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: { ...body, name: 'fixed' }, headers: { 'idempotency-key': 'deploy-43' } })).status).toBe(201);
    // After 24 hours the key is free again, for any body.
    await sql`UPDATE api_idempotency SET created_at = now() - interval '25 hours' WHERE key = 'deploy-42'`;
    const later = await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: { ...body, name: 'a day later' }, headers: { 'idempotency-key': 'deploy-42' } });
    expect([later.status, later.headers.get('idempotent-replayed')]).toEqual([201, null]);
  });

  it('pauses for a number of minutes and resumes by itself', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor');
    const { id } = (await call(monitorsRoute.POST, '/api/v1/monitors', { token: secret, body: http(t.agentId) })).body;
    const paused = await call(pauseRoute.POST, '/api/v1/monitors/{id}/pause', { token: secret, id, body: { minutes: 30 } });
    expect(paused.body).toMatchObject({ enabled: false, status: 'paused' });
    const until = Date.parse(paused.body.pausedUntil);
    expect(until).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(until).toBeLessThan(Date.now() + 31 * 60_000);
    expect((await call(pauseRoute.POST, '/api/v1/monitors/{id}/pause', { token: secret, id, body: { minutes: 0 } })).status).toBe(400);
    await resumeTimedPauses();
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id })).body.status).toBe('paused');
    await sql`UPDATE monitors SET paused_until = now() - interval '1 second' WHERE id = ${id}`;
    expect(await resumeTimedPauses()).toBeGreaterThanOrEqual(1);
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id })).body).toMatchObject({ enabled: true, status: 'unknown', pausedUntil: null });
    // Paused without a time: stays paused until resumed.
    await call(pauseRoute.POST, '/api/v1/monitors/{id}/pause', { token: secret, id, body: {} });
    await resumeTimedPauses();
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: secret, id })).body.status).toBe('paused');
    expect((await call(resumeRoute.POST, '/api/v1/monitors/{id}/resume', { token: secret, id, body: {} })).body).toMatchObject({ enabled: true, pausedUntil: null });
  });
});

describe('a monitor’s summary through the API', () => {
  it('counts uptime, downtime and latency percentiles as DESIGN defines them, over a preset or a custom range', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const ctx: TeamContext = { userId: owner.userId, teamId: owner.teamId, role: 'owner' };
    const secret = await token(ctx, 'viewer');
    const monitorId = owner.monitorIds[0]!;
    const base = Date.now() - 3 * 3600_000;
    // 9 up checks (10…90 ms), then 1 down 10 minutes later, then up again 20 minutes after that.
    const beats = [...Array.from({ length: 9 }, (_, i) => ({ monitorId, time: at(base, i * 60), status: 'up', latencyMs: 10 * (i + 1) })), { monitorId, time: at(base, 600), status: 'down' }, { monitorId, time: at(base, 1800), status: 'up', latencyMs: 100 }];
    expect((await postHeartbeats(owner.token, { heartbeats: beats })).status).toBe(202);
    const summary = await call(monitorSummaryRoute.GET, '/api/v1/monitors/{id}/summary', { token: secret, id: monitorId, query: 'range=24h' });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ monitorId, checks: 11, failed: 1, uptimePercent: 90.9, incidents: 1, downtimeSeconds: 1200 });
    // Percentiles of the 10 up checks (10…100 ms), to the latency histogram's precision (DESIGN: within 2 %).
    expect(summary.body.p50).toBeGreaterThanOrEqual(49);
    expect(summary.body.p50).toBeLessThanOrEqual(61);
    expect(summary.body.p99).toBeGreaterThanOrEqual(98);
    expect(summary.body.p99).toBeLessThanOrEqual(102);
    const custom = await call(monitorSummaryRoute.GET, '/api/v1/monitors/{id}/summary', {
      token: secret,
      id: monitorId,
      query: `from=${encodeURIComponent(at(base, -1))}&to=${encodeURIComponent(at(base, 300))}`,
    });
    expect(custom.body).toMatchObject({ checks: 5, failed: 0, uptimePercent: 100, incidents: 0, downtimeSeconds: 0 });
    const bad = await call(monitorSummaryRoute.GET, '/api/v1/monitors/{id}/summary', { token: secret, id: monitorId, query: 'range=24h&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z' });
    expect(bad.body.error.details).toEqual([{ field: 'range', message: 'Give either range or from and to.' }]);
    expect((await call(monitorSummaryRoute.GET, '/api/v1/monitors/{id}/summary', { token: secret, id: monitorId, query: 'range=1y' })).status).toBe(400);
    const stranger = await createTestUser('summary-stranger');
    expect((await call(monitorSummaryRoute.GET, '/api/v1/monitors/{id}/summary', { token: await token(stranger.ctx, 'viewer'), id: monitorId })).status).toBe(404);
  });
});

describe('heartbeats, members and usage through the API', () => {
  it('pages heartbeats newest first, streams a range as NDJSON and CSV, and reads the members and the plan', async () => {
    const owner = await agentWithMonitors(1);
    const ctx: TeamContext = { userId: owner.userId, teamId: owner.teamId, role: 'owner' };
    const secret = await token(ctx, 'viewer');
    const monitorId = owner.monitorIds[0]!;
    const base = Date.now() - 3600_000;
    const beats = Array.from({ length: 5 }, (_, i) => ({ monitorId, time: at(base, i * 30), status: i === 2 ? 'down' : 'up', latencyMs: i === 2 ? undefined : 10 + i, errorMessage: i === 2 ? '=cmd|refused' : undefined }));
    await postHeartbeats(owner.token, { heartbeats: beats });
    const first = await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: secret, id: monitorId, query: 'limit=2' });
    expect(first.body.data.map((h: { time: string }) => h.time)).toEqual([at(base, 120), at(base, 90)]);
    const second = await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: secret, id: monitorId, query: `limit=2&cursor=${first.body.next}` });
    expect(second.body.data.map((h: { time: string; status: string }) => `${h.time} ${h.status}`)).toEqual([`${at(base, 60)} down`, `${at(base, 30)} up`]);
    const range = `from=${encodeURIComponent(at(base, -60))}&to=${encodeURIComponent(at(base, 600))}`;
    const ndjson = await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: secret, id: monitorId, query: `format=ndjson&${range}` });
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (ndjson.body as string).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.status)).toEqual(['up', 'up', 'down', 'up', 'up']);
    expect(lines[2]).toMatchObject({ errorMessage: '=cmd|refused', latencyMs: null, location: expect.any(String), degraded: false });
    const csv = await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: secret, id: monitorId, query: `format=csv&${range}` });
    expect((csv.body as string).split('\r\n')[0]).toBe('time,status,latency_ms,error_message,location,degraded');
    expect(csv.body).toContain(`'=cmd|refused`);
    expect((await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: secret, id: monitorId, query: 'format=csv' })).status).toBe(400);
    expect((await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: secret, id: monitorId, query: `format=json&${range}` })).status).toBe(400);

    const members = await call(membersRoute.GET, '/api/v1/members', { token: secret });
    expect(members.body.data).toEqual([{ userId: owner.userId, email: owner.email, role: 'owner', joinedAt: expect.any(String) }]);
    const usage = await call(usageRoute.GET, '/api/v1/usage', { token: secret });
    expect(usage.body).toMatchObject({ plan: 'pro', limits: { agents: 25, monitors: 250 }, usage: { agents: { used: 1 }, monitors: { used: 1 } } });

    const stranger = await createTestUser('heartbeats-stranger');
    expect((await call(monitorHeartbeatsRoute.GET, '/api/v1/monitors/{id}/heartbeats', { token: await token(stranger.ctx, 'viewer'), id: monitorId, query: `format=csv&${range}` })).status).toBe(404);
  });
});

describe('escalation policies and dependencies through the API', () => {
  it('creates a policy, puts monitors on it with dependencies, refuses bad steps, cycles and other teams’ ids, and changes nothing then', async () => {
    const t = await team();
    const editor = await token(t.admin, 'editor');
    const viewer = await token(t.admin, 'viewer');
    const pager = await call(channelsRoute.POST, '/api/v1/channels', { token: editor, body: { name: 'pager', kind: 'pagerduty', routingKey: 'R0123456789abcdefABCDEF012345678', events: [] } });
    const created = await call(policiesRoute.POST, '/api/v1/escalation-policies', {
      token: editor,
      body: { name: 'Primary', repeatCount: 1, steps: [{ waitMinutes: 10, channelIds: [pager.body.id] }, { waitMinutes: 5, notifyResponders: true }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Primary',
      repeatCount: 1,
      steps: [
        { waitMinutes: 10, channelIds: [pager.body.id], notifyResponders: false },
        { waitMinutes: 5, channelIds: [], notifyResponders: true },
      ],
      monitors: 0,
    });
    const policyId = created.body.id as string;
    for (const steps of [[{ waitMinutes: 0, notifyResponders: true }], [{ waitMinutes: 10_000, notifyResponders: true }], [{ waitMinutes: 5 }]]) {
      const bad = await call(policiesRoute.POST, '/api/v1/escalation-policies', { token: editor, body: { name: 'Bad', steps } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toMatch(/^steps\.0\./);
    }
    const stranger = await createTestUser('policy-stranger');
    expect((await call(policyRoute.GET, '/api/v1/escalation-policies/{id}', { token: await token(stranger.ctx, 'viewer'), id: policyId })).status).toBe(404);
    expect((await call(policiesRoute.POST, '/api/v1/escalation-policies', { token: await token(stranger.ctx, 'editor'), body: { name: 'Theirs', steps: [{ waitMinutes: 5, channelIds: [pager.body.id] }] } })).status).toBe(404);
    expect((await call(policiesRoute.POST, '/api/v1/escalation-policies', { token: viewer, body: { name: 'V', steps: [{ waitMinutes: 5, notifyResponders: true }] } })).status).toBe(403);

    const router = await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: { ...http(t.agentId, 'router'), escalationPolicyId: policyId } });
    expect(router.body).toMatchObject({ name: 'router', escalationPolicyId: policyId, dependsOn: [] });
    const database = await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: { ...http(t.agentId, 'database'), dependsOn: [router.body.id] } });
    expect(database.body).toMatchObject({ dependsOn: [router.body.id], escalationPolicyId: null });
    const cycle = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: editor, id: router.body.id, method: 'PATCH', body: { dependsOn: [database.body.id], name: 'renamed' } });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.details).toEqual([{ field: 'dependsOn', message: expect.stringMatching(/^That would make a cycle: renamed → database → renamed/) }]);
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: viewer, id: router.body.id })).body).toMatchObject({ name: 'router', dependsOn: [] });
    const theirs = await agentWithMonitors(1);
    const foreign = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: editor, id: database.body.id, method: 'PATCH', body: { dependsOn: [theirs.monitorIds[0]] } });
    expect(foreign.status).toBe(404);
    const patched = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: editor, id: database.body.id, method: 'PATCH', body: { escalationPolicyId: policyId } });
    expect(patched.body).toMatchObject({ dependsOn: [router.body.id], escalationPolicyId: policyId });

    const renamed = await call(policyRoute.PATCH, '/api/v1/escalation-policies/{id}', { token: editor, id: policyId, method: 'PATCH', body: { name: 'Primary on-call' } });
    // What the body leaves out stays as it was (repeatCount too: no default fills it in).
    expect(renamed.body).toMatchObject({ name: 'Primary on-call', repeatCount: 1, monitors: 2, steps: [{ waitMinutes: 10 }, { waitMinutes: 5 }] });
    expect((await call(policiesRoute.GET, '/api/v1/escalation-policies', { token: viewer })).body.data).toHaveLength(1);
    expect((await call(policyRoute.DELETE, '/api/v1/escalation-policies/{id}', { token: editor, id: policyId, method: 'DELETE' })).status).toBe(204);
    expect((await call(monitorRoute.GET, '/api/v1/monitors/{id}', { token: viewer, id: database.body.id })).body.escalationPolicyId).toBeNull();
  });
});

describe('notification channels through the API', () => {
  it('creates channels by the form’s rules, never returns a secret, keeps secrets on PATCH, and refuses bad ones', async () => {
    const t = await team();
    const editor = await token(t.admin, 'editor');
    const viewer = await token(t.admin, 'viewer');
    const hook = await call(channelsRoute.POST, '/api/v1/channels', {
      token: editor,
      body: { name: 'ops hook', kind: 'webhook', url: 'https://hooks.example.com/secret-path/abc', headers: { 'X-Api-Key': 'k3y-s3cret' }, reminderMinutes: 30 },
    });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({ kind: 'webhook', destination: 'hooks.example.com', headerNames: ['X-Api-Key'], secrets: { url: 'set', headers: 'set', signingSecret: 'set' }, reminderMinutes: 30, allMonitors: true });
    expect(hook.body.signingSecret).toMatch(/^whsec_/);
    const id = hook.body.id as string;
    const read = await call(channelRoute.GET, '/api/v1/channels/{id}', { token: viewer, id });
    expect(read.body).not.toHaveProperty('signingSecret');
    expect(JSON.stringify(read.body)).not.toMatch(/secret-path|k3y-s3cret|whsec_/);
    expect(JSON.stringify((await call(channelsRoute.GET, '/api/v1/channels', { token: viewer })).body)).not.toMatch(/secret-path|k3y-s3cret|whsec_/);

    const renamed = await call(channelRoute.PATCH, '/api/v1/channels/{id}', { token: editor, id, method: 'PATCH', body: { name: 'ops webhook', partialEvents: true } });
    expect(renamed.body).toMatchObject({ name: 'ops webhook', destination: 'hooks.example.com', partialEvents: true, headerNames: ['X-Api-Key'], secrets: { url: 'set', headers: 'set' } });
    const [stored] = await sql`SELECT secrets_encrypted FROM notification_channels WHERE id = ${id}`;
    expect(stored!.secrets_encrypted.length).toBeGreaterThan(20);
    expect((await call(channelRoute.PATCH, '/api/v1/channels/{id}', { token: editor, id, method: 'PATCH', body: { kind: 'email' } })).body.error.details).toEqual([{ field: 'kind', message: 'Unknown field.' }]);

    const mail = await call(channelsRoute.POST, '/api/v1/channels', { token: editor, body: { name: 'on-call mail', kind: 'email', members: 'responders', addresses: ['ops@example.com'] } });
    expect(mail.body).toMatchObject({ kind: 'email', members: 'responders', addresses: ['ops@example.com'], secrets: {} });
    const pager = await call(channelsRoute.POST, '/api/v1/channels', {
      token: editor,
      body: { name: 'pager', kind: 'pagerduty', routingKey: 'R0123456789abcdefABCDEF012345678', region: 'eu', events: ['incident.opened', 'incident.resolved', 'monitor.partial'] },
    });
    expect(pager.status).toBe(201);
    expect(pager.body).toMatchObject({ kind: 'pagerduty', region: 'eu', destination: 'EU service', events: ['incident.opened', 'incident.resolved'], secrets: { routingKey: 'set' } });
    expect(JSON.stringify(pager.body)).not.toContain('R0123456789');
    const repaged = await call(channelRoute.PATCH, '/api/v1/channels/{id}', { token: editor, id: pager.body.id, method: 'PATCH', body: { events: ['incident.opened'] } });
    expect(repaged.body).toMatchObject({ events: ['incident.opened'], region: 'eu', secrets: { routingKey: 'set' } });
    const badKey = await call(channelsRoute.POST, '/api/v1/channels', { token: editor, body: { name: 'y', kind: 'opsgenie', apiKey: 'nope' } });
    expect(badKey.body.error.details).toEqual([{ field: 'apiKey', message: expect.stringMatching(/looks like a UUID/) }]);
    expect((await call(channelRoute.DELETE, '/api/v1/channels/{id}', { token: editor, id: pager.body.id, method: 'DELETE' })).status).toBe(204);
    const bad = await call(channelsRoute.POST, '/api/v1/channels', { token: editor, body: { name: 'x', kind: 'slack', url: 'https://example.com/not-slack' } });
    expect(bad.body.error.details[0].field).toBe('url');
    const privateHook = await call(channelsRoute.POST, '/api/v1/channels', { token: editor, body: { name: 'inside', kind: 'webhook', url: 'http://127.0.0.1:9/hook' } });
    expect(privateHook.status).toBeGreaterThanOrEqual(400);
    expect((await call(channelsRoute.POST, '/api/v1/channels', { token: viewer, body: { name: 'v', kind: 'email', addresses: ['a@example.com'] } })).status).toBe(403);
    expect((await call(channelTestRoute.POST, '/api/v1/channels/{id}/test', { token: editor, id: mail.body.id, body: {} })).status).toBe(202);
    const stranger = await createTestUser('channels-stranger');
    expect((await call(channelRoute.GET, '/api/v1/channels/{id}', { token: await token(stranger.ctx, 'viewer'), id })).status).toBe(404);
    expect((await call(channelRoute.DELETE, '/api/v1/channels/{id}', { token: editor, id, method: 'DELETE' })).status).toBe(204);
    expect((await sql`SELECT count(*)::int AS n FROM notification_channels WHERE team_id = ${t.teamId}`)[0]!.n).toBe(1);
  });
});

describe('status pages through the API', () => {
  it('makes a page with components, posts an incident and its updates, and keeps other teams out', async () => {
    const t = await team();
    const editor = await token(t.admin, 'editor');
    const responder = await token(t.admin, 'responder');
    const monitor = (await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: http(t.agentId, 'api') })).body.id as string;
    const slug = `acme-${randomUUID().slice(0, 8)}`;
    const page = await call(statusPagesRoute.POST, '/api/v1/status-pages', { token: editor, body: { title: 'Acme status', slug, timeZone: 'Europe/Berlin' } });
    expect(page.status).toBe(201);
    expect(page.body).toMatchObject({ title: 'Acme status', slug, timeZone: 'Europe/Berlin', protected: false, components: [], customHost: null });
    expect(page.body.url).toMatch(new RegExp(`/s/${slug}$`));
    const pageId = page.body.id as string;
    expect((await call(statusPagesRoute.POST, '/api/v1/status-pages', { token: editor, body: { title: 'Again', slug } })).status).toBe(409);
    expect((await call(statusPagesRoute.POST, '/api/v1/status-pages', { token: editor, body: { title: 'Bad', slug: 'No Spaces!' } })).body.error.details[0].field).toBe('slug');

    const withComponent = await call(componentsRoute.POST, '/api/v1/status-pages/{id}/components', { token: editor, id: pageId, body: { name: 'API', monitorIds: [monitor] } });
    expect(withComponent.body.components).toEqual([{ id: expect.any(String), name: 'API', description: '', groupName: '', monitorIds: [monitor] }]);
    const componentId = withComponent.body.components[0].id as string;
    const other = await agentWithMonitors(1);
    expect((await call(componentsRoute.POST, '/api/v1/status-pages/{id}/components', { token: editor, id: pageId, body: { name: 'Theirs', monitorIds: [other.monitorIds[0]] } })).status).toBe(404);
    const componentPath = '/api/v1/status-pages/{id}/components/{componentId}';
    const componentParams = { componentId };
    const second = await call(componentsRoute.POST, '/api/v1/status-pages/{id}/components', { token: editor, id: pageId, body: { name: 'Web', monitorIds: [monitor] } });
    const secondId = second.body.components[1].id as string;
    const reordered = await call(componentMoveRoute.POST, '/api/v1/status-pages/{id}/components/{componentId}/move', { token: editor, id: pageId, params: { componentId: secondId }, body: { direction: 'up' } });
    expect(reordered.body.components.map((c: { name: string }) => c.name)).toEqual(['Web', 'API']);
    expect((await call(componentMoveRoute.POST, '/api/v1/status-pages/{id}/components/{componentId}/move', { token: editor, id: pageId, params: { componentId: secondId }, body: { direction: 'sideways' } })).status).toBe(400);
    const renamed = await call(componentRoute.PATCH, componentPath, { token: editor, id: pageId, params: componentParams, method: 'PATCH', body: { groupName: 'Core' } });
    expect(renamed.body.components.find((c: { id: string }) => c.id === componentId)).toMatchObject({ name: 'API', groupName: 'Core' });

    const post = await call(postsRoute.POST, '/api/v1/status-pages/{id}/posts', { token: responder, id: pageId, body: { title: 'Slow API', impact: 'minor', componentIds: [componentId], state: 'investigating', body: 'Looking into it.' } });
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ title: 'Slow API', impact: 'minor', componentIds: [componentId], resolvedAt: null, updates: [{ state: 'investigating', body: 'Looking into it.' }] });
    const postId = post.body.id as string;
    const resolved = (await call(postUpdatesRoute.POST, '/api/v1/status-pages/{id}/posts/{postId}/updates', { token: responder, id: pageId, params: { postId }, body: { state: 'resolved', body: 'Fixed.' } })).body;
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.updates.map((u: { state: string }) => u.state)).toEqual(['resolved', 'investigating']);
    expect((await call(postsRoute.GET, '/api/v1/status-pages/{id}/posts', { token: responder, id: pageId })).body.data.map((p: { id: string }) => p.id)).toEqual([postId]);
    expect((await call(postsRoute.POST, '/api/v1/status-pages/{id}/posts', { token: await token(t.admin, 'viewer'), id: pageId, body: { title: 'x', impact: 'none', state: 'investigating', body: 'x' } })).status).toBe(403);

    const stranger = await createTestUser('pages-stranger');
    const theirs = await token(stranger.ctx, 'editor');
    expect((await call(statusPageRoute.GET, '/api/v1/status-pages/{id}', { token: theirs, id: pageId })).status).toBe(404);
    expect((await call(postsRoute.POST, '/api/v1/status-pages/{id}/posts', { token: theirs, id: pageId, body: { title: 'x', impact: 'none', state: 'investigating', body: 'x' } })).status).toBe(404);
    const moved = await call(statusPageRoute.PATCH, '/api/v1/status-pages/{id}', { token: editor, id: pageId, method: 'PATCH', body: { description: 'Everything Acme runs.' } });
    expect(moved.body).toMatchObject({ description: 'Everything Acme runs.', title: 'Acme status', timeZone: 'Europe/Berlin' });
    expect((await call(componentRoute.DELETE, componentPath, { token: editor, id: pageId, params: componentParams, method: 'DELETE' })).status).toBe(204);
    expect((await call(statusPageRoute.DELETE, '/api/v1/status-pages/{id}', { token: editor, id: pageId, method: 'DELETE' })).status).toBe(204);
  });
});

describe('push monitors, certificates and domains through the API', () => {
  it('creates a push monitor whose ping URL works, regenerates it, and lists the domains behind the monitors', async () => {
    const t = await team();
    const editor = await token(t.admin, 'editor');
    const push = await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: { name: 'nightly backup', type: 'push', options: { schedule: 'period', periodSeconds: 86_400, graceSeconds: 3600 } } });
    expect(push.status).toBe(201);
    expect(push.body).toMatchObject({ type: 'push', intervalSeconds: 86_400, options: { schedule: 'period', periodSeconds: 86_400, graceSeconds: 3600 } });
    const id = push.body.id as string;
    const urls = await call(pingUrlRoute.GET, '/api/v1/monitors/{id}/ping-url', { token: editor, id });
    expect(urls.body.pingUrl).toMatch(/\/ping\/[A-Za-z0-9_-]+$/);
    const ping = (url: string) => pingRoute.GET(new Request(url), { params: Promise.resolve({ key: url.split('/ping/')[1]! }) });
    expect((await ping(urls.body.pingUrl)).status).toBe(200);
    const fresh = await call(pingUrlRegenerateRoute.POST, '/api/v1/monitors/{id}/ping-url/regenerate', { token: editor, id, body: {} });
    expect(fresh.body.pingUrl).not.toBe(urls.body.pingUrl);
    expect((await ping(urls.body.pingUrl)).status).toBe(404);
    expect((await ping(fresh.body.pingUrl)).status).toBe(200);
    expect((await call(pingUrlRoute.GET, '/api/v1/monitors/{id}/ping-url', { token: editor, id: (await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: http(t.agentId) })).body.id })).status).toBe(404);

    const domains = await call(domainsRoute.GET, '/api/v1/domains', { token: editor });
    expect(domains.body.data).toEqual([expect.objectContaining({ domain: 'example.com', monitors: [expect.objectContaining({ name: expect.any(String) })] })]);
    expect((await call(certificatesRoute.GET, '/api/v1/certificates', { token: editor })).body).toEqual({ data: [], next: null });
  });
});

describe('incidents through the API', () => {
  it('lists open incidents, acknowledges and resolves them with a responder token, with the page’s timeline', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const ctx: TeamContext = { userId: owner.userId, teamId: owner.teamId, role: 'owner' };
    await postHeartbeats(owner.token, { heartbeats: [{ monitorId: owner.monitorIds[0], time: at(Date.now() - 600_000, 0), status: 'down' }] });
    const responder = await token(ctx, 'responder', 'pager bridge');
    const viewer = await token(ctx, 'viewer');
    const open = await call(incidentsRoute.GET, '/api/v1/incidents', { token: viewer, query: 'state=open' });
    expect(open.body.data).toHaveLength(1);
    const id = open.body.data[0].id as string;
    expect(open.body.data[0]).toMatchObject({ monitorId: owner.monitorIds[0], monitorName: 'm0', state: 'open', acknowledgedAt: null });

    expect((await call(acknowledgeRoute.POST, '/api/v1/incidents/{id}/acknowledge', { token: viewer, id, body: {} })).status).toBe(403);
    const acked = await call(acknowledgeRoute.POST, '/api/v1/incidents/{id}/acknowledge', { token: responder, id, body: {} });
    expect(acked.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: owner.email });
    const again = await call(acknowledgeRoute.POST, '/api/v1/incidents/{id}/acknowledge', { token: responder, id, body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    const resolved = await call(resolveRoute.POST, '/api/v1/incidents/{id}/resolve', { token: responder, id, method: 'POST' });
    expect(resolved.body).toMatchObject({ state: 'resolved' });
    expect(resolved.body.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['failing', 'opened', 'acknowledged', 'resolved']);
    expect((await call(incidentRoute.GET, '/api/v1/incidents/{id}', { token: viewer, id })).body).toEqual(resolved.body);
    expect((await call(incidentsRoute.GET, '/api/v1/incidents', { token: viewer, query: 'state=open' })).body.data).toEqual([]);
    expect((await call(incidentsRoute.GET, '/api/v1/incidents', { token: viewer, query: `monitorId=${owner.monitorIds[0]}&since=2000-01-01T00:00:00Z` })).body.data).toHaveLength(1);

    const audit = await sql`SELECT actor, action FROM audit_events WHERE team_id = ${owner.teamId} AND object_kind = 'incident' ORDER BY created_at`;
    expect(audit.map((row) => `${row.actor} ${row.action}`)).toEqual(['API token “pager bridge” acknowledged', 'API token “pager bridge” resolved']);

    const stranger = await createTestUser('stranger-incidents');
    const theirToken = await token(stranger.ctx, 'editor');
    expect((await call(incidentRoute.GET, '/api/v1/incidents/{id}', { token: theirToken, id })).status).toBe(404);
    expect((await call(incidentsRoute.GET, '/api/v1/incidents', { token: theirToken })).body.data).toEqual([]);
  });
});

describe('agents through the API', () => {
  it('adds an agent whose token works, renames, rotates and deletes it; refuses duplicates and other teams', async () => {
    const t = await team();
    const secret = await token(t.admin, 'editor', 'infra');
    const created = await call(agentsRoute.POST, '/api/v1/agents', { token: secret, body: { name: 'eu-west' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'eu-west', kind: 'remote', online: false, monitorCount: 0 });
    expect(created.body.token).toMatch(/^wpa_/);
    const id = created.body.id as string;
    const agentConfig = (bearer: string) => getAgentConfig(new Request('http://watchpost.test/api/v1/agent/config', { headers: { authorization: `Bearer ${bearer}` } }));
    expect((await agentConfig(created.body.token)).status).toBe(200);
    expect((await call(agentRoute.GET, '/api/v1/agents/{id}', { token: secret, id })).body).not.toHaveProperty('token');

    const duplicate = await call(agentsRoute.POST, '/api/v1/agents', { token: secret, body: { name: 'eu-west' } });
    expect([duplicate.status, duplicate.body.error.details]).toEqual([409, [{ field: 'name', message: 'This team already has an agent named “eu-west”.' }]]);
    expect((await call(agentsRoute.POST, '/api/v1/agents', { token: secret, body: { name: '  ' } })).body.error.details).toEqual([{ field: 'name', message: 'Give the agent a name.' }]);

    const renamed = await call(agentRoute.PATCH, '/api/v1/agents/{id}', { token: secret, id, method: 'PATCH', body: { name: 'eu-west-1' } });
    expect(renamed.body.name).toBe('eu-west-1');
    const rotated = await call(agentRotateRoute.POST, '/api/v1/agents/{id}/rotate', { token: secret, id, body: {} });
    expect(rotated.body.token).toMatch(/^wpa_/);
    expect((await agentConfig(created.body.token)).status).toBe(401);
    expect((await agentConfig(rotated.body.token)).status).toBe(200);

    const list = await call(agentsRoute.GET, '/api/v1/agents', { token: secret, query: 'limit=1' });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.next).not.toBeNull();

    const stranger = await createTestUser('agents-stranger');
    const theirs = await token(stranger.ctx, 'editor');
    expect((await call(agentRoute.GET, '/api/v1/agents/{id}', { token: theirs, id })).status).toBe(404);
    expect((await call(agentRotateRoute.POST, '/api/v1/agents/{id}/rotate', { token: theirs, id, body: {} })).status).toBe(404);
    expect((await call(agentRoute.DELETE, '/api/v1/agents/{id}', { token: theirs, id, method: 'DELETE' })).status).toBe(404);
    expect((await call(agentRoute.DELETE, '/api/v1/agents/{id}', { token: secret, id, method: 'DELETE' })).status).toBe(204);
    expect((await agentConfig(rotated.body.token)).status).toBe(401);
    const audit = await sql`SELECT action FROM audit_events WHERE team_id = ${t.teamId} AND object_kind = 'agent' AND actor = 'API token “infra”' ORDER BY created_at`;
    expect(audit.map((row) => row.action)).toEqual(['created', 'changed', 'key_rotated', 'deleted']);
  });
});

describe('maintenance through the API', () => {
  it('opens maintenance now from CI, extends and ends it; plans a weekly window; refuses bad schedules', async () => {
    const t = await team();
    const editor = await token(t.admin, 'editor');
    const responder = await token(t.admin, 'responder');
    const monitor = (await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: http(t.agentId) })).body.id as string;

    const now = await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: editor, body: { title: 'Deploy 42', start: 'now', durationMinutes: 30, monitorIds: [monitor] } });
    expect(now.status).toBe(201);
    expect(now.body).toMatchObject({ title: 'Deploy 42', timeZone: 'UTC', durationMinutes: 30, rrule: null, state: 'in progress', monitorIds: [monitor] });
    const id = now.body.id as string;
    const extended = await call(extendRoute.POST, '/api/v1/maintenance/{id}/extend', { token: responder, id, body: { minutes: 15 } });
    expect(Date.parse(extended.body.running.endsAt) - Date.parse(now.body.running.endsAt)).toBe(15 * 60_000);
    const ended = await call(endRoute.POST, '/api/v1/maintenance/{id}/end', { token: responder, id, body: {} });
    expect([ended.status, ended.body.state, ended.body.running]).toEqual([200, 'completed', null]);
    expect((await call(endRoute.POST, '/api/v1/maintenance/{id}/end', { token: responder, id, body: {} })).status).toBe(409);
    expect((await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: responder, body: { title: 'x', start: 'now', durationMinutes: 5, monitorIds: [monitor] } })).status).toBe(403);

    const weekly = await call(maintenanceRoute.POST, '/api/v1/maintenance', {
      token: editor,
      body: { title: 'DB upgrade', timeZone: 'Europe/Berlin', start: '2027-01-03T02:00', end: '2027-01-03T04:00', rrule: 'FREQ=WEEKLY;BYDAY=SU', monitorIds: [monitor] },
    });
    expect(weekly.body).toMatchObject({ state: 'scheduled', durationMinutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=SU', start: '2027-01-03T02:00' });
    expect(weekly.body.upcoming[0]).toEqual({ startsAt: '2027-01-03T01:00:00.000Z', endsAt: '2027-01-03T03:00:00.000Z' });
    const far = await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: editor, body: { title: 'Far', start: '2030-01-06T02:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY', monitorIds: [monitor] } });
    expect([far.body.state, far.body.upcoming]).toEqual(['scheduled', []]);
    expect((await call(maintenanceItemRoute.DELETE, '/api/v1/maintenance/{id}', { token: editor, id: far.body.id, method: 'DELETE' })).status).toBe(204);
    const moved = await call(maintenanceItemRoute.PATCH, '/api/v1/maintenance/{id}', { token: editor, id: weekly.body.id, method: 'PATCH', body: { durationMinutes: 60 }, headers: { 'if-match': weekly.headers.get('etag')! } });
    expect(moved.body).toMatchObject({ durationMinutes: 60, title: 'DB upgrade', rrule: 'FREQ=WEEKLY;BYDAY=SU' });

    const bad = await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: editor, body: { title: '', start: '2030-01-06T02:00', end: '2030-01-06T01:00', monitorIds: [], timeZone: 'Mars/Base' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(expect.arrayContaining(['title', 'timeZone']));
    const both = await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: editor, body: { title: 'x', start: 'now', end: '2030-01-01T00:00', durationMinutes: 5, monitorIds: [monitor] } });
    expect(both.body.error.details).toEqual([{ field: 'durationMinutes', message: 'Give either end or durationMinutes, not both.' }]);
    const other = await agentWithMonitors(1);
    expect((await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: editor, body: { title: 'x', start: 'now', durationMinutes: 5, monitorIds: [other.monitorIds[0]] } })).status).toBeGreaterThanOrEqual(400);
    expect((await sql`SELECT count(*)::int AS n FROM maintenance_windows WHERE team_id = ${t.teamId}`)[0]!.n).toBe(2);
    const listed = await call(maintenanceRoute.GET, '/api/v1/maintenance', { token: responder });
    expect(listed.body.data.map((w: { id: string }) => w.id)).toEqual([weekly.body.id, id]);
    expect((await call(maintenanceItemRoute.DELETE, '/api/v1/maintenance/{id}', { token: editor, id, method: 'DELETE' })).status).toBe(204);
  });
});

describe('bad input on every write endpoint', () => {
  it('refuses malformed JSON, unknown fields, oversize bodies and a viewer token alike, and changes nothing', async () => {
    const t = await team();
    const editor = await token(t.admin, 'editor');
    const viewer = await token(t.admin, 'viewer');
    const monitor = (await call(monitorsRoute.POST, '/api/v1/monitors', { token: editor, body: http(t.agentId) })).body.id as string;
    const agent = (await call(agentsRoute.POST, '/api/v1/agents', { token: editor, body: { name: 'bad-input probe' } })).body.id as string;
    const channel = (await call(channelsRoute.POST, '/api/v1/channels', { token: editor, body: { name: 'bad-input mail', kind: 'email', addresses: ['a@example.com'] } })).body.id as string;
    const window = (await call(maintenanceRoute.POST, '/api/v1/maintenance', { token: editor, body: { title: 'w', start: 'now', durationMinutes: 30, monitorIds: [monitor] } })).body.id as string;
    const page = (await call(statusPagesRoute.POST, '/api/v1/status-pages', { token: editor, body: { title: 'Bad input', slug: `bad-${randomUUID().slice(0, 8)}` } })).body.id as string;
    const writes: [Handler, string, string, string | undefined][] = [
      [monitorsRoute.POST, '/api/v1/monitors', 'POST', undefined],
      [monitorRoute.PATCH, '/api/v1/monitors/{id}', 'PATCH', monitor],
      [pauseRoute.POST, '/api/v1/monitors/{id}/pause', 'POST', monitor],
      [agentsRoute.POST, '/api/v1/agents', 'POST', undefined],
      [agentRoute.PATCH, '/api/v1/agents/{id}', 'PATCH', agent],
      [channelsRoute.POST, '/api/v1/channels', 'POST', undefined],
      [channelRoute.PATCH, '/api/v1/channels/{id}', 'PATCH', channel],
      [maintenanceRoute.POST, '/api/v1/maintenance', 'POST', undefined],
      [maintenanceItemRoute.PATCH, '/api/v1/maintenance/{id}', 'PATCH', window],
      [extendRoute.POST, '/api/v1/maintenance/{id}/extend', 'POST', window],
      [statusPagesRoute.POST, '/api/v1/status-pages', 'POST', undefined],
      [statusPageRoute.PATCH, '/api/v1/status-pages/{id}', 'PATCH', page],
      [componentsRoute.POST, '/api/v1/status-pages/{id}/components', 'POST', page],
      [postsRoute.POST, '/api/v1/status-pages/{id}/posts', 'POST', page],
    ];
    const before = await sql`SELECT (SELECT count(*) FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${t.teamId})::int AS monitors,
      (SELECT count(*) FROM audit_events WHERE team_id = ${t.teamId})::int AS audit`;
    for (const [handler, template, method, id] of writes) {
      const where = `${method} ${template}`;
      const malformed = await call(handler, template, { token: editor, id, method, body: '{"name": "x",' });
      expect([where, malformed.status, malformed.body.error.code]).toEqual([where, 400, 'INVALID_INPUT']);
      const unknown = await call(handler, template, { token: editor, id, method, body: { colour: 'red' } });
      expect([where, unknown.status]).toEqual([where, 400]);
      expect(unknown.body.error.details, where).toContainEqual({ field: 'colour', message: 'Unknown field.' });
      const huge = await call(handler, template, { token: editor, id, method, body: { name: 'x'.repeat(300 * 1024) } });
      expect([where, huge.status]).toEqual([where, 413]);
      const typed = await call(handler, template, { token: editor, id, method, body: '[1, 2]' });
      expect([where, typed.status]).toEqual([where, 400]);
      const asViewer = await call(handler, template, { token: viewer, id, method, body: { colour: 'red' } });
      expect([where, asViewer.status]).toEqual([where, 400]);
    }
    // A viewer's well-formed write is refused by role, naming what it may not do.
    const viewerWrite = await call(monitorRoute.PATCH, '/api/v1/monitors/{id}', { token: viewer, id: monitor, method: 'PATCH', body: { name: 'mine' } });
    expect([viewerWrite.status, viewerWrite.body.error.message]).toEqual([403, 'Only editors can add, change or delete monitors.']);
    const after = await sql`SELECT (SELECT count(*) FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${t.teamId})::int AS monitors,
      (SELECT count(*) FROM audit_events WHERE team_id = ${t.teamId})::int AS audit`;
    expect(after).toEqual(before);
  });
});

describe('monitors as code (tests/integration/config.test.ts runs the CLI)', () => {
  it('exports for a viewer; plans, applies and refuses for an editor as documented', async () => {
    const t = await team();
    const [viewer, editor] = [await token(t.admin, 'viewer'), await token(t.admin, 'editor')];
    const exported = await call(exportRoute.GET, '/api/v1/export', { token: viewer });
    expect(exported.status).toBe(200);
    expect(exported.body).toEqual({ document: { version: 1, agents: [{ name: 'probe' }], monitors: [], channels: [], statusPages: [], maintenance: [] }, env: [] });
    const document = { ...exported.body.document, monitors: [{ name: 'shop', type: 'http', target: 'https://shop.example.com/', agent: 'probe', intervalSeconds: 60 }] };
    const plan = await call(applyRoute.POST, '/api/v1/apply', { token: editor, body: { document, dryRun: true } });
    expect(plan.body).toMatchObject({ applied: false, summary: { create: 1, update: 0, delete: 0, unchanged: 1 }, plan: [{ kind: 'agents', name: 'probe', action: 'unchanged' }, { kind: 'monitors', name: 'shop', action: 'create' }] });
    expect((await call(applyRoute.POST, '/api/v1/apply', { token: viewer, body: { document } })).status).toBe(403);
    expect((await call(applyRoute.POST, '/api/v1/apply', { token: editor, body: { document, colour: 'red' } })).body.error.details).toEqual([{ field: 'colour', message: 'Unknown field.' }]);
    const wrong = await call(applyRoute.POST, '/api/v1/apply', { token: editor, body: { document: { ...document, monitors: [{ ...document.monitors[0], intervalSeconds: 'often' }] } } });
    expect([wrong.status, wrong.body.error.details[0].field]).toEqual([400, 'monitors[0].intervalSeconds']);
    expect((await call(applyRoute.POST, '/api/v1/apply', { token: editor, body: { document, planHash: 'not-the-plan' } })).status).toBe(409);
    expect((await sql`SELECT count(*)::int AS n FROM monitors WHERE agent_id = ${t.agentId}`)[0]!.n).toBe(0);
    const applied = await call(applyRoute.POST, '/api/v1/apply', { token: editor, body: { document, planHash: plan.body.planHash }, headers: { 'idempotency-key': randomUUID() } });
    expect(applied.body).toMatchObject({ applied: true, summary: { create: 1 } });
    expect((await sql`SELECT count(*)::int AS n FROM monitors WHERE agent_id = ${t.agentId}`)[0]!.n).toBe(1);
  });
});

describe('SLOs and reports through the API', () => {
  it('creates, reads, changes and deletes an SLO with its numbers, refusing bad input by field, and reports in JSON, CSV and PDF', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const ctx: TeamContext = { userId: owner.userId, teamId: owner.teamId, role: 'owner' };
    const [editor, viewer] = [await token(ctx, 'editor'), await token(ctx, 'viewer')];
    const monitorId = owner.monitorIds[0]!;
    const base = Date.now() - 30 * 60_000;
    const beats = Array.from({ length: 10 }, (_, i) => ({ monitorId, time: at(base, i * 60), status: i === 4 ? 'down' : 'up', latencyMs: 20 }));
    expect((await postHeartbeats(owner.token, { heartbeats: beats })).status).toBe(202);
    // Long windows read the rollups, which the background refreshes within seconds.
    await refreshAllRollups();
    // 85 % of 10 checks allows 1.5 to fail: one did.
    const created = await call(slosRoute.POST, '/api/v1/slos', { token: editor, body: { name: 'Web', monitorId, target: 85, window: '30d' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Web', monitorId, componentId: null, target: 85, good: 9, bad: 1, attainmentPercent: 90, budget: { usedChecks: 1, exhausted: false } });
    expect(created.body.budget.allowedChecks).toBeCloseTo(1.5, 9);
    expect(created.body.budget.leftShare).toBeCloseTo(1 / 3, 9);
    const sloId = created.body.id;
    for (const [body, field] of [
      [{ name: 'x', monitorId, target: 101, window: '30d' }, 'target'],
      [{ name: 'x', monitorId, target: 0, window: '30d' }, 'target'],
      [{ name: 'x', monitorId, target: 99, window: '31d' }, 'window'],
      [{ name: 'x', target: 99, window: '30d' }, 'monitorId'],
      [{ name: 'x', monitorId, target: 99, window: '30d', colour: 'red' }, 'colour'],
    ] as const) {
      const bad = await call(slosRoute.POST, '/api/v1/slos', { token: editor, body });
      expect([bad.status, bad.body.error.details[0].field], JSON.stringify(body)).toEqual([400, field]);
    }
    expect((await call(slosRoute.POST, '/api/v1/slos', { token: editor, body: { name: 'web', monitorId, target: 99, window: '7d' } })).status).toBe(409);
    expect((await call(slosRoute.POST, '/api/v1/slos', { token: viewer, body: { name: 'V', monitorId, target: 99, window: '7d' } })).status).toBe(403);
    const stranger = await createTestUser('slo-stranger');
    expect((await call(sloRoute.GET, '/api/v1/slos/{id}', { token: await token(stranger.ctx, 'viewer'), id: sloId })).status).toBe(404);
    expect((await call(slosRoute.POST, '/api/v1/slos', { token: await token(stranger.ctx, 'editor'), body: { name: 'Theirs', monitorId, target: 99, window: '7d' } })).status).toBe(404);
    const changed = await call(sloRoute.PATCH, '/api/v1/slos/{id}', { token: editor, id: sloId, method: 'PATCH', body: { target: 100 } });
    expect(changed.body).toMatchObject({ target: 100, budget: { allowedChecks: 0, leftShare: null, exhausted: true } });
    expect((await call(slosRoute.GET, '/api/v1/slos', { token: viewer })).body.data).toHaveLength(1);

    // Yesterday and today (UTC, the team's zone): the checks of the last 30 minutes are in.
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const report = await call(reportsRoute.GET, '/api/v1/reports', { token: viewer, query: `from=${yesterday}&to=${today}` });
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([expect.objectContaining({ id: monitorId, summary: expect.objectContaining({ checks: 10, failed: 1 }) })]);
    const csv = await call(reportsRoute.GET, '/api/v1/reports', { token: viewer, query: `from=${today}&to=${today}&format=csv` });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const pdf = await call(reportsRoute.GET, '/api/v1/reports', { token: viewer, query: `from=${today}&to=${today}&format=pdf` });
    expect([pdf.status, pdf.headers.get('content-type'), String(pdf.body).slice(0, 5)]).toEqual([200, 'application/pdf', '%PDF-']);
    const backwards = await call(reportsRoute.GET, '/api/v1/reports', { token: viewer, query: 'from=2026-11-30&to=2026-11-01' });
    expect([backwards.status, backwards.body.error.details[0].field]).toEqual([400, 'to']);
    expect((await call(reportsRoute.GET, '/api/v1/reports', { token: viewer, query: `from=${today}&to=${today}&format=docx` })).status).toBe(400);
    expect((await call(reportsRoute.GET, '/api/v1/reports', { token: viewer, query: `scope=page&page=${randomUUID()}&from=${today}&to=${today}` })).status).toBe(404);
    expect((await call(sloRoute.DELETE, '/api/v1/slos/{id}', { token: editor, id: sloId, method: 'DELETE' })).status).toBe(204);
    expect((await call(sloRoute.GET, '/api/v1/slos/{id}', { token: viewer, id: sloId })).status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, and every answer of this file matches it: status, headers and body', async () => {
    const document = await getOpenApi().json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi');
    expect(answers.length).toBeGreaterThan(60);
    for (const { method, template, answer } of answers) {
      const where = `${method.toUpperCase()} ${template} → ${answer.status}`;
      const operation = document.paths[template]?.[method];
      expect(operation, where).toBeDefined();
      const documented = operation.responses[String(answer.status)];
      expect(documented, where).toBeDefined();
      for (const header of Object.keys(documented.headers ?? {})) {
        if (['Link', 'Location', 'Retry-After'].includes(header)) continue;
        expect(answer.headers.get(header), `${where}: ${header}`).not.toBeNull();
      }
      const type = (answer.headers.get('content-type') ?? '').split(';')[0]!;
      if (answer.body !== null) expect(Object.keys(documented.content ?? {}), where).toContain(type);
      const schema = type === 'application/json' ? documented.content?.['application/json']?.schema : null;
      if (type !== 'application/json' && answer.body !== null) continue;
      if (!schema) {
        expect(answer.body, where).toBeNull();
        continue;
      }
      const ok = ajv.validate({ $ref: `openapi${schema.$ref}` }, answer.body);
      expect(ok || `${where}: ${ajv.errorsText()}`).toBe(true);
    }
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as applyRoute from '@/app/api/v1/apply/route';
import * as exportRoute from '@/app/api/v1/export/route';
import { GET as getSchema } from '@/app/api/v1/watchpost.schema.json/route';
import { GET as getCliFile } from '@/app/cli/watchpost.mjs/route';
import { GET as getCliVersion } from '@/app/cli/version.json/route';
import { createAgent } from '@/lib/agents/manage';
import { channelInputOf } from '@/lib/api/channels';
import { maintenanceInputOf } from '@/lib/api/maintenance';
import { monitorInputOf } from '@/lib/api/monitors';
import { createApiToken } from '@/lib/api/tokens';
import { channelInputSchema, maintenanceInputSchema, monitorInputSchema } from '@/lib/contracts/api';
import { createMaintenance } from '@/lib/maintenance/manage';
import { createMonitor } from '@/lib/monitors/manage';
import { createChannel } from '@/lib/notifications/manage';
import { addComponent, createStatusPage } from '@/lib/status-pages/manage';
import { statusPageFormSchema } from '@/lib/status-pages/schemas';
import type { TeamContext } from '@/lib/teams/roles';
import { buildCli } from '@/scripts/build-agent';
import { createTestUser } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

// Monitors as code as a user runs it: the one-file CLI (built and run with plain node, far
// from node_modules) against the real route handlers behind a real HTTP server.

const root = path.resolve(__dirname, '../..');
const sql = testSql();
let server: http.Server;
let serverUrl: string;
let folder: string;
const cli = () => path.join(root, 'dist', 'cli', 'watchpost.mjs');

const SECRETS = {
  OPS_SLACK_URL: 'https://hooks.slack.com/services/T0000/B0000/abcdefghijkl',
  DEPLOY_HOOK_URL: 'https://hooks.example.com/watchpost/s3cret',
  DEPLOY_HOOK_HEADER_X_API_KEY: 'k3y-s3cret',
};

beforeAll(async () => {
  await buildCli(root);
  const routes: Record<string, (request: Request) => Promise<Response> | Response> = {
    'GET /api/v1/export': exportRoute.GET,
    'POST /api/v1/apply': applyRoute.POST,
    'GET /api/v1/watchpost.schema.json': getSchema,
  };
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://watchpost.test');
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) return void res.writeHead(404).end();
    const response = await handler(
      new Request(url, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])),
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  folder = mkdtempSync(path.join(os.tmpdir(), 'watchpost-cli-'));
}, 60_000);
afterAll(async () => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
  await sql.end();
});

/** `node watchpost.mjs …` with only PATH, the server, the token and `env` in its environment. */
function run(args: string[], token: string, env: Record<string, string> = {}, input?: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli(), ...args], { cwd: folder, env: { PATH: process.env.PATH ?? '', WATCHPOST_SERVER: serverUrl, WATCHPOST_API_TOKEN: token, NODE_ENV: 'production', ...env } });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const file = (name: string, text: string) => {
  const at = path.join(folder, name);
  writeFileSync(at, text);
  return at;
};

const editorToken = async (ctx: TeamContext) => (await createApiToken({ ctx, input: { name: 'config as code', role: 'editor', expiresAt: null } })).token;

/** What a team is made of, counted in the database. */
async function counts(teamId: string) {
  const [row] = await sql`
    SELECT (SELECT count(*)::int FROM agents WHERE team_id = ${teamId}) AS agents,
           (SELECT count(*)::int FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${teamId}) AS monitors,
           (SELECT count(*)::int FROM notification_channels WHERE team_id = ${teamId}) AS channels,
           (SELECT count(*)::int FROM status_pages WHERE team_id = ${teamId}) AS pages,
           (SELECT count(*)::int FROM status_page_components c JOIN status_pages p ON p.id = c.page_id WHERE p.team_id = ${teamId}) AS components,
           (SELECT count(*)::int FROM maintenance_windows WHERE team_id = ${teamId}) AS windows`;
  return row!;
}

/** A realistic setup: 2 remote agents and the built-in one, 20 monitors of every kind, 3 channels, a page with 3 components, a weekly window. */
async function realisticSetup(ctx: TeamContext, slug: string) {
  const eu = (await createAgent({ ctx, input: { name: 'probe-eu', kind: 'remote' } })).id;
  const us = (await createAgent({ ctx, input: { name: 'probe-us', kind: 'remote' } })).id;
  await createAgent({ ctx, input: { name: 'built-in', kind: 'builtin' } });
  const monitor = async (body: Record<string, unknown>) => (await createMonitor({ ctx, input: monitorInputOf(monitorInputSchema.parse(body)) })).id;
  const ids: Record<string, string> = {};
  for (let n = 1; n <= 12; n++) ids[`site ${n}`] = await monitor({ name: `site ${n}`, type: 'http', target: `https://site${n}.example.com/health`, agentId: n % 2 ? eu : us, intervalSeconds: 60 });
  ids.api = await monitor({
    name: 'api',
    type: 'http',
    target: 'https://api.example.com/v1/health',
    agentId: eu,
    locations: [us],
    quorumRule: 'all',
    degradedAfterMs: 1500,
    intervalSeconds: 30,
    options: { method: 'POST', body: '{"ping":true}', headers: { 'Content-Type': 'application/json' }, keyword: 'ok', expectedStatus: '200-299' },
  });
  ids.db = await monitor({ name: 'db', type: 'tcp', target: 'db.example.com:5432', agentId: eu, intervalSeconds: 60, failureThreshold: 3 });
  ids.cache = await monitor({ name: 'cache', type: 'tcp', target: 'cache.example.com:6379', agentId: us, intervalSeconds: 60 });
  ids.dns = await monitor({ name: 'dns', type: 'dns', target: 'example.com', agentId: eu, intervalSeconds: 300, options: { recordType: 'MX', expectedValue: 'mail.example.com' } });
  ids.gateway = await monitor({ name: 'gateway', type: 'ping', target: '192.0.2.1', agentId: eu, intervalSeconds: 60 });
  ids.tls = await monitor({ name: 'shop certificate', type: 'tls', target: 'shop.example.com:443', agentId: us, intervalSeconds: 3600 });
  ids.backup = await monitor({ name: 'nightly backup', type: 'push', options: { schedule: 'cron', cron: '0 3 * * *', timeZone: 'Europe/Berlin', graceSeconds: 1800 } });
  ids.worker = await monitor({ name: 'queue worker', type: 'push', options: { schedule: 'period', periodSeconds: 300, graceSeconds: 60 } });
  const channel = (body: Record<string, unknown>) => createChannel({ ctx, input: channelInputOf(channelInputSchema.parse(body)) });
  await channel({ name: 'ops slack', kind: 'slack', url: SECRETS.OPS_SLACK_URL, reminderMinutes: 60 });
  await channel({ name: 'deploy hook', kind: 'webhook', url: SECRETS.DEPLOY_HOOK_URL, headers: { 'X-Api-Key': SECRETS.DEPLOY_HOOK_HEADER_X_API_KEY }, allMonitors: false, monitorIds: [ids.api, ids.db] });
  await channel({ name: 'on-call mail', kind: 'email', addresses: ['ops@example.com'], members: 'responders', degradedEvents: false });
  const { id: pageId } = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Example status', slug, description: 'Our services', timeZone: 'Europe/Berlin' }) });
  await addComponent({ ctx, input: { pageId, name: 'API', description: 'The public API', groupName: 'Core', monitorIds: [ids.api!] } });
  await addComponent({ ctx, input: { pageId, name: 'Website', description: '', groupName: '', monitorIds: [ids['site 1']!, ids['site 2']!] } });
  await addComponent({ ctx, input: { pageId, name: 'Database', description: '', groupName: 'Core', monitorIds: [ids.db!] } });
  await createMaintenance({
    ctx,
    input: maintenanceInputOf(maintenanceInputSchema.parse({ title: 'Weekly patching', timeZone: 'Europe/Berlin', start: '2027-01-03T02:00', durationMinutes: 90, rrule: 'FREQ=WEEKLY;BYDAY=SU', monitorIds: [ids.db, ids.cache], pageIds: [pageId] })),
  });
}

describe('watchpost export and apply', () => {
  it('is served in one file with its version and SHA-256, and runs with plain node', async () => {
    const version = await getCliVersion().json();
    const { version: packageVersion } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatchObject({ version: packageVersion, url: '/cli/watchpost.mjs', node: '>=20' });
    const served = await getCliFile(new Request('http://watchpost.test/cli/watchpost.mjs'));
    const code = Buffer.from(await served.arrayBuffer());
    expect(createHash('sha256').update(code).digest('hex')).toBe(version.sha256);
    expect(served.headers.get('etag')).toBe(`"${version.sha256}"`);
    writeFileSync(path.join(folder, 'downloaded.mjs'), code);
    const help = spawnSync(process.execPath, [path.join(folder, 'downloaded.mjs'), '--version'], { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' } });
    expect(help.stdout).toBe(`watchpost ${packageVersion}\n`);
    const missing = await run(['apply'], 'wpt_x');
    expect([missing.status, missing.stderr]).toEqual([1, 'watchpost: apply needs the file: -f watchpost.yaml\n']);
  });

  it('round-trips a realistic setup: export then apply plans nothing; apply to an empty team recreates it, agent tokens printed once', async () => {
    const a = await createTestUser('config-a');
    await realisticSetup(a.ctx, `example-${a.userId.slice(0, 8)}`);
    const tokenA = await editorToken(a.ctx);

    const exported = await run(['export'], tokenA);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const yamlText = exported.stdout;
    expect(yamlText).toContain(`# yaml-language-server: $schema=${serverUrl}/api/v1/watchpost.schema.json`);
    for (const [name, value] of Object.entries(SECRETS)) {
      expect(yamlText).toContain(`\${${name}}`);
      expect(yamlText).not.toContain(value);
    }
    const document = parse(yamlText) as Record<string, any[]>;
    expect(document.agents).toEqual([{ name: 'probe-eu' }, { name: 'probe-us' }, { name: 'built-in', builtIn: true }]);
    expect(document.monitors).toHaveLength(20);
    expect(document.monitors!.find((m) => m.name === 'api')).toMatchObject({ agent: 'probe-eu', locations: ['probe-us'], quorumRule: 'all', degradedAfterMs: 1500, options: { method: 'POST', keyword: 'ok' } });
    expect(document.monitors!.find((m) => m.name === 'nightly backup')).toEqual({ name: 'nightly backup', type: 'push', intervalSeconds: expect.any(Number), failureThreshold: 1, options: { schedule: 'cron', cron: '0 3 * * *', timeZone: 'Europe/Berlin', graceSeconds: 1800 } });
    expect(document.channels).toHaveLength(3);
    expect(document.channels!.find((c) => c.name === 'deploy hook')).toMatchObject({ monitors: ['api', 'db'], headers: { 'X-Api-Key': '${DEPLOY_HOOK_HEADER_X_API_KEY}' } });
    expect(document.statusPages![0].components.map((c: { name: string }) => c.name)).toEqual(['API', 'Website', 'Database']);
    expect(document.maintenance).toEqual([
      { title: 'Weekly patching', timeZone: 'Europe/Berlin', start: '2027-01-03T02:00', durationMinutes: 90, rrule: 'FREQ=WEEKLY;BYDAY=SU', monitors: ['cache', 'db'], statusPages: [document.statusPages![0].slug] },
    ]);
    // The served JSON Schema accepts what export wrote.
    const schema = await (await getSchema()).json();
    const validate = addFormats(new Ajv2020({ strict: false })).compile(schema);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);

    const yamlFile = file('a.yaml', yamlText);
    for (const env of [SECRETS, {}]) {
      const plan = await run(['apply', '-f', yamlFile, '--dry-run'], tokenA, env);
      expect(plan.stderr).toBe('');
      expect(plan.stdout.trim()).toBe('Plan: 0 to create, 0 to change, 0 to delete, 28 unchanged.');
      expect(plan.status).toBe(0);
    }

    // An empty team: everything is created, in one go.
    const b = await createTestUser('config-b');
    const tokenB = await editorToken(b.ctx);
    const bFile = file('b.yaml', yamlText.replace(/slug: example-\w+/, `slug: copy-${b.userId.slice(0, 8)}`).replace(/statusPages:\n(\s+)- example-\w+/, `statusPages:\n$1- copy-${b.userId.slice(0, 8)}`));
    const dry = await run(['apply', '-f', bFile, '--dry-run'], tokenB, SECRETS);
    expect(dry.status).toBe(2);
    expect(dry.stdout).toContain('+ monitor “api”');
    expect(dry.stdout).toContain('Plan: 28 to create, 0 to change, 0 to delete, 0 unchanged.');
    expect(await counts(b.teamId)).toMatchObject({ agents: 0, monitors: 0, channels: 0, pages: 0, windows: 0 });
    const applied = await run(['apply', '-f', bFile, '--yes'], tokenB, SECRETS);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/agent “probe-eu” agent token \(shown once\): wpa_\S+/);
    expect(applied.stdout).toMatch(/agent “probe-us” agent token \(shown once\): wpa_\S+/);
    expect(applied.stdout).toMatch(/channel “deploy hook” webhook signing secret \(shown once\): whsec_\S+/);
    expect(applied.stdout).toContain('Applied: 28 created, 0 changed, 0 deleted.');
    expect(await counts(b.teamId)).toEqual({ agents: 3, monitors: 20, channels: 3, pages: 1, components: 3, windows: 1 });
    const [hook] = await sql`SELECT settings FROM notification_channels WHERE team_id = ${b.teamId} AND name = 'deploy hook'`;
    expect(hook!.settings).toMatchObject({ host: 'hooks.example.com', headerNames: ['X-Api-Key'] });

    // B's export is A's, but for the page's slug; and B plans nothing.
    const again = await run(['export'], tokenB);
    const strip = (text: string) => text.split('\n').filter((line) => !line.startsWith('# A Watchpost')).join('\n').replace(/(example|copy)-\w+/g, 'SLUG');
    expect(strip(again.stdout)).toBe(strip(yamlText));
    expect((await run(['apply', '-f', bFile, '--dry-run'], tokenB, SECRETS)).status).toBe(0);
  }, 120_000);

  it('plans field by field, renames by id, prunes only when asked, and applies all or nothing', async () => {
    const owner = await createTestUser('config-edit');
    const token = await editorToken(owner.ctx);
    const agent = (await createAgent({ ctx: owner.ctx, input: { name: 'probe', kind: 'remote' } })).id;
    for (const name of ['alpha', 'beta', 'gamma']) {
      await createMonitor({ ctx: owner.ctx, input: monitorInputOf(monitorInputSchema.parse({ name, type: 'http', target: `https://${name}.example.com/`, agentId: agent, intervalSeconds: 60 })) });
    }
    const [beta] = await sql`SELECT m.id FROM monitors m WHERE m.agent_id = ${agent} AND m.name = 'beta'`;
    const edited = [
      'agents:',
      '  - name: probe',
      'monitors:',
      '  - name: alpha',
      '    type: http',
      '    target: https://alpha.example.com/',
      '    agent: probe',
      '    intervalSeconds: 120',
      '    options: { method: HEAD }',
      `  - id: ${beta!.id}`,
      '    name: beta (renamed)',
      '    type: http',
      '    target: https://beta.example.com/',
      '    agent: probe',
      '    intervalSeconds: 60',
    ].join('\n');
    const plan = await run(['apply', '-f', file('edit.yaml', edited), '--dry-run'], token);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toBe(
      [
        '~ monitor “alpha”',
        '    intervalSeconds: 60 → 120',
        '    options.method: "GET" → "HEAD"',
        '~ monitor “beta (renamed)”',
        '    name: "beta" → "beta (renamed)"',
        'Plan: 0 to create, 2 to change, 0 to delete, 1 unchanged.',
        '',
      ].join('\n'),
    );
    const pruned = await run(['apply', '-f', file('edit.yaml', edited), '--dry-run', '--prune'], token);
    expect(pruned.stdout).toContain('- monitor “gamma” (deleted)');
    expect(pruned.stdout).toContain('Plan: 0 to create, 2 to change, 1 to delete, 1 unchanged.');
    // Not at a terminal and no --yes: nothing is applied.
    const unconfirmed = await run(['apply', '-f', file('edit.yaml', edited)], token);
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toContain('confirm with --yes');
    expect((await sql`SELECT name, interval_seconds FROM monitors WHERE agent_id = ${agent} ORDER BY name`).map((row) => `${row.name} ${row.interval_seconds}`)).toEqual(['alpha 60', 'beta 60', 'gamma 60']);

    const done = await run(['apply', '-f', file('edit.yaml', edited), '--prune', '--yes'], token);
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain('Applied: 0 created, 2 changed, 1 deleted.');
    expect((await sql`SELECT name, interval_seconds, options->>'method' AS method FROM monitors WHERE agent_id = ${agent} ORDER BY name`).map((row) => `${row.name} ${row.interval_seconds} ${row.method}`)).toEqual([
      'alpha 120 HEAD',
      'beta (renamed) 60 GET',
    ]);
    // Every write is in the audit log under the token's name.
    const audit = await sql`SELECT actor, action, object_label FROM audit_events WHERE team_id = ${owner.teamId} AND object_kind = 'monitor' AND action <> 'created' ORDER BY created_at, object_label`;
    expect(audit.map((row) => `${row.actor}: ${row.action} ${row.object_label}`)).toEqual(['API token “config as code”: changed alpha', 'API token “config as code”: changed beta (renamed)', 'API token “config as code”: deleted gamma']);

    // All or nothing: the last object is refused by the database's rules, so the first is not made either.
    const other = await createTestUser('config-other');
    const { id: takenPage } = await createStatusPage({ ctx: other.ctx, input: statusPageFormSchema.parse({ title: 'Taken', slug: `taken-${owner.userId.slice(0, 8)}` }) });
    expect(takenPage).toBeTruthy();
    const clash = [edited, '  - name: delta', '    type: tcp', '    target: delta.example.com:22', '    agent: probe', '    intervalSeconds: 60', 'statusPages:', '  - title: Ours', `    slug: taken-${owner.userId.slice(0, 8)}`].join('\n');
    const refused = await run(['apply', '-f', file('clash.yaml', clash), '--yes'], token);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/clash\.yaml:\d+: statusPages\[0\]\.slug: /);
    expect((await counts(owner.teamId)).monitors).toBe(2);
    expect((await sql`SELECT count(*)::int AS n FROM monitors WHERE name = 'delta' AND agent_id = ${agent}`)[0]!.n).toBe(0);
  }, 60_000);

  it('names every problem of a bad file with its line, and changes nothing', async () => {
    const owner = await createTestUser('config-bad', { plan: 'free' });
    const token = await editorToken(owner.ctx);
    await createAgent({ ctx: owner.ctx, input: { name: 'probe', kind: 'remote' } });
    const before = await counts(owner.teamId);
    const bad = [
      'agents:', //                          1
      '  - name: probe', //                  2
      'widgets:', //                         3
      '  - name: x', //                      4
      'monitors:', //                        5
      '  - name: web', //                    6
      '    type: http', //                   7
      '    target: https://example.com/', // 8
      '    agent: probe', //                 9
      '    intervalSeconds: 60', //          10
      '    colour: blue', //                 11
      '  - name: web', //                    12
      '    type: http', //                   13
      '    target: https://example.org/', // 14
      '    agent: probe', //                 15
      '  - name: lost', //                   16
      '    type: tcp', //                    17
      '    target: lost.example.com:22', //  18
      '    agent: nowhere', //               19
      'channels:', //                        20
      '  - name: chat', //                   21
      '    kind: slack', //                  22
      `    url: ${SECRETS.OPS_SLACK_URL}`, // 23
    ].join('\n');
    const answer = await run(['apply', '-f', file('watchpost.yaml', bad), '--yes'], token);
    expect(answer.status).toBe(1);
    expect(answer.stderr).toContain('watchpost.yaml:23: channels[0].url: warning: A secret written in the file: prefer a ${NAME} reference');
    expect(answer.stderr).toContain('watchpost.yaml:3: widgets: Unknown field.');
    expect(answer.stderr).toContain('watchpost.yaml:11: monitors[0].colour: Unknown field.');
    expect(answer.stderr).toMatch(/watchpost: watchpost\.yaml has 2 problems; nothing was changed/);
    expect(await counts(owner.teamId)).toEqual(before);

    const second = [bad.split('\n').slice(0, 2).join('\n'), ...bad.split('\n').slice(4, 10), ...bad.split('\n').slice(11)].join('\n');
    const named = await run(['apply', '-f', file('watchpost.yaml', second), '--yes'], token);
    expect(named.stderr).toContain('watchpost.yaml:9: monitors[1]: “web” is also the name of monitors[0]');
    expect(named.stderr).toContain('watchpost.yaml:16: monitors[2].agent: No agent named “nowhere” in this team or this file.');
    expect(await counts(owner.teamId)).toEqual(before);

    // The plan's own rules, with the line of the field: the free plan's shortest interval.
    const fast = ['agents:', '  - name: probe', 'monitors:', '  - name: web', '    type: http', '    target: https://example.com/', '    agent: probe', '    intervalSeconds: 30'].join('\n');
    const limited = await run(['apply', '-f', file('watchpost.yaml', fast), '--yes'], token);
    expect(limited.stderr).toMatch(/watchpost\.yaml:8: monitors\[0\]\.intervalSeconds: .*60 seconds/);
    expect(await counts(owner.teamId)).toEqual(before);

    // Not YAML at all; a duplicate key; a secret whose variable is not set for a new channel.
    expect((await run(['apply', '-f', file('broken.yaml', 'monitors: [\n')], token)).stderr).toMatch(/broken\.yaml:\d+: /);
    expect((await run(['apply', '-f', file('dup.yaml', 'agents: []\nagents: []\n')], token)).stderr).toMatch(/dup\.yaml:2: Map keys must be unique/);
    const unset = await run(['apply', '-f', file('unset.yaml', 'channels:\n  - name: chat\n    kind: slack\n    url: ${CHAT_URL}\n')], token);
    expect(unset.stderr).toContain('unset.yaml:4: channels[0].url: ${CHAT_URL} is not set in the environment (a new channel needs this secret).');
    expect(await counts(owner.teamId)).toEqual(before);
  }, 60_000);

  it('refuses a viewer’s apply, a stale plan and an oversize file; a viewer may export', async () => {
    const owner = await createTestUser('config-roles');
    const viewer = (await createApiToken({ ctx: owner.ctx, input: { name: 'read only', role: 'viewer', expiresAt: null } })).token;
    const editor = await editorToken(owner.ctx);
    await createAgent({ ctx: owner.ctx, input: { name: 'probe', kind: 'remote' } });
    expect((await run(['export'], viewer)).status).toBe(0);
    const refused = await run(['apply', '-f', file('v.yaml', 'agents:\n  - name: probe\n  - name: second\n'), '--yes'], viewer);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Only editors can add, change or delete monitors.');

    const post = (body: unknown, token = editor) =>
      applyRoute.POST(new Request('http://watchpost.test/api/v1/apply', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    const document = { agents: [{ name: 'probe' }, { name: 'second' }] };
    const plan = await (await post({ document, dryRun: true })).json();
    expect(plan).toMatchObject({ applied: false, summary: { create: 1, unchanged: 1 }, created: [] });
    // The team changed between the plan and its confirmation: nothing is applied.
    await createAgent({ ctx: owner.ctx, input: { name: 'third', kind: 'remote' } });
    const stale = await post({ document, prune: true, planHash: plan.planHash });
    expect(stale.status).toBe(409);
    expect((await counts(owner.teamId)).agents).toBe(2);
    const fresh = await post({ document, planHash: plan.planHash });
    expect(fresh.status).toBe(200);
    expect((await fresh.json()).created).toEqual([{ kind: 'agents', name: 'second', secret: expect.stringMatching(/^wpa_/), what: 'agent token' }]);

    const huge = await post({ document: { monitors: Array.from({ length: 40_000 }, (_, n) => ({ name: `m${n}`, type: 'http', target: `https://example.com/${'x'.repeat(200)}` })) } });
    expect(huge.status).toBe(413);
    expect((await post({ document: 'not a document' })).status).toBe(400);
    expect((await post({ document, extra: true })).status).toBe(400);
  }, 60_000);
});

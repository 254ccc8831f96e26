import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as pingGet, HEAD as pingHead, POST as pingPost } from '@/app/ping/[key]/route';
import { GET as actionGet, POST as actionPost } from '@/app/ping/[key]/[action]/route';
import { GET as kumaGet } from '@/app/api/push/[key]/route';
import { regeneratePushKey, revealPushKey } from '@/lib/checks/push/manage';
import { PINGS_PER_IP_PER_MINUTE, PINGS_PER_KEY_PER_MINUTE } from '@/lib/checks/push/endpoint';
import { PING_BODY_LIMIT } from '@/lib/checks/push/ping';
import { sweepLatePushMonitors } from '@/lib/checks/push/sweep';
import { createMaintenance } from '@/lib/maintenance/manage';
import { statusPageBySlug } from '@/db/queries/status-pages';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { windowStats } from '@/lib/rollups/reads';
import { addComponent, createStatusPage } from '@/lib/status-pages/manage';
import { loadPublicStatusPage } from '@/lib/status-pages/public-view';
import { componentFormSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { maintenanceFormSchema } from '@/lib/maintenance/schemas';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor, setMonitorEnabled, updateMonitor } from '@/lib/monitors/manage';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { CLIENT_IP_HEADER } from '@/lib/request';
import { createTestUser, refusal, teamCtx } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';
import type { TeamContext } from '@/lib/teams/roles';

const sql = testSql();
afterAll(() => sql.end());

const pushForm = (fields: Record<string, string> = {}) => ({ name: 'Nightly backup', type: 'push', pushSchedule: 'period', period: '1h', grace: '5m', ...fields });

async function pushMonitor(ctx: TeamContext, fields: Record<string, string> = {}) {
  const { id } = await createMonitor({ ctx, input: monitorFormSchema.parse(pushForm(fields)) });
  return { id, key: await keyOf(id) };
}

async function keyOf(monitorId: string): Promise<string> {
  const [row] = await sql<{ push_key_encrypted: Buffer }[]>`SELECT push_key_encrypted FROM monitors WHERE id = ${monitorId}`;
  return revealPushKey(monitorId, row!.push_key_encrypted)!;
}

let ipCounter = 0;
/** A ping through the real route handlers, from its own client IP unless given. */
function ping(key: string, suffix = '', { method = 'GET', query = '', body, ip }: { method?: string; query?: string; body?: BodyInit; ip?: string } = {}) {
  const request = new Request(`http://watchpost.test/ping/${key}${suffix ? `/${suffix}` : ''}${query}`, {
    method,
    body,
    headers: { [CLIENT_IP_HEADER]: ip ?? `198.51.100.${ipCounter++ % 250}` },
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  if (suffix) {
    const context = { params: Promise.resolve({ key, action: suffix }) };
    return method === 'POST' ? actionPost(request, context) : actionGet(request, context);
  }
  const context = { params: Promise.resolve({ key }) };
  return method === 'POST' ? pingPost(request, context) : method === 'HEAD' ? pingHead(request, context) : pingGet(request, context);
}

const stateOf = async (id: string) =>
  (await sql<{ status: string; push_expected_at: Date | null; push_deadline_at: Date | null }[]>`SELECT status, push_expected_at, push_deadline_at FROM monitors WHERE id = ${id}`)[0]!;
const heartbeatsOf = (id: string) =>
  sql<{ time: Date; status: string; latency_ms: number | null; error_message: string | null }[]>`SELECT time, status, latency_ms, error_message FROM heartbeats WHERE monitor_id = ${id} ORDER BY time`;
const pingsOf = (id: string) =>
  sql<{ kind: string; exit_status: number | null; run_id: string | null; duration_ms: number | null; body: string | null; ended_at: Date | null; via: string }[]>`
    SELECT kind, exit_status, run_id, duration_ms, body, ended_at, via FROM push_pings WHERE monitor_id = ${id} ORDER BY id`;
/** Run the sweep (it covers every monitor of this file's database); the failed checks it wrote for `id`. */
async function sweepFor(id: string): Promise<number> {
  const before = (await heartbeatsOf(id)).length;
  await sweepLatePushMonitors();
  return (await heartbeatsOf(id)).length - before;
}
const incidentsOf = (id: string) => sql<{ started_at: Date; resolved_at: Date | null; in_maintenance: boolean }[]>`SELECT started_at, resolved_at, in_maintenance FROM incidents WHERE monitor_id = ${id} ORDER BY started_at`;

async function webhookChannel(userId: string) {
  const parsed = parseKindFields('webhook', { url: 'https://hooks.example/watchpost' }, false);
  if ('problems' in parsed) throw new Error('channel');
  return createChannel({ ctx: teamCtx(userId), input: { name: `hook-${randomUUID().slice(0, 5)}`, kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
}
const eventsOf = async (channelId: string) =>
  (await sql<{ kind: string }[]>`SELECT e.kind FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id WHERE d.channel_id = ${channelId} ORDER BY e.created_at`).map((r) => r.kind);

/** Move a monitor's whole history (checks, pings, state, schedule) `minutes` into the past: as if that long had gone by since. */
async function letTimePass(id: string, minutes: number) {
  const shift = `${minutes} minutes`;
  await sql.begin(async (tx) => {
    await tx`UPDATE heartbeats SET time = time - ${shift}::interval WHERE monitor_id = ${id}`;
    await tx`UPDATE push_pings SET time = time - ${shift}::interval, ended_at = ended_at - ${shift}::interval WHERE monitor_id = ${id}`;
    await tx`UPDATE incidents SET started_at = started_at - ${shift}::interval, resolved_at = resolved_at - ${shift}::interval WHERE monitor_id = ${id}`;
    await tx`UPDATE monitors SET push_expected_at = push_expected_at - ${shift}::interval, push_deadline_at = push_deadline_at - ${shift}::interval,
      last_heartbeat_at = last_heartbeat_at - ${shift}::interval, streak_started_at = streak_started_at - ${shift}::interval WHERE id = ${id}`;
  });
}

describe('push monitors', () => {
  it('are received by the team’s built-in agent, made when missing, with a secret ping key found by its hash', async () => {
    const owner = await createTestUser('push-owner');
    const { id, key } = await pushMonitor(owner.ctx);
    expect(key).toMatch(/^wpp_[A-Za-z0-9_-]{32}$/);
    const [row] = await sql<{ type: string; target: string; interval_seconds: number; failure_threshold: number; kind: string; name: string; push_key_hash: string }[]>`
      SELECT m.type, m.target, m.interval_seconds, m.failure_threshold, a.kind, a.name, m.push_key_hash FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE m.id = ${id}`;
    expect(row).toMatchObject({ type: 'push', target: 'every 1 h', interval_seconds: 3600, failure_threshold: 1, kind: 'builtin', name: 'This server' });
    expect(row!.push_key_hash).not.toContain(key);
    // A second push monitor uses the same built-in agent.
    await pushMonitor(owner.ctx, { name: 'Second' });
    const [agentCount] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM agents WHERE team_id = ${owner.teamId}`;
    expect(agentCount!.n).toBe(1);
    // Never sent to an agent: the built-in agent runner does not run it.
    const { builtinAgentMonitors } = await import('@/db/queries/monitors');
    expect((await builtinAgentMonitors()).some((m) => m.id === id)).toBe(false);
  });

  it('go up on a success ping by GET, HEAD or POST, and keep the posted output', async () => {
    const owner = await createTestUser('push-up');
    const { id, key } = await pushMonitor(owner.ctx);
    const response = await ping(key);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('OK\n');
    expect(response.headers.get('ping-body-limit')).toBe(String(PING_BODY_LIMIT));
    expect((await stateOf(id)).status).toBe('up');
    expect((await ping(key, '', { method: 'HEAD' })).status).toBe(200);
    expect((await ping(key, '', { method: 'POST', body: 'backup done: 42 files' })).status).toBe(200);
    expect((await heartbeatsOf(id)).map((h) => h.status)).toEqual(['up', 'up', 'up']);
    expect((await pingsOf(id)).at(-1)).toMatchObject({ kind: 'success', body: 'backup done: 42 files' });
    // The next ping is expected a period after this one, and is late after grace.
    const state = await stateOf(id);
    expect(state.push_deadline_at!.getTime() - state.push_expected_at!.getTime()).toBe(300_000);
    expect(Math.abs(state.push_expected_at!.getTime() - (Date.now() + 3600_000))).toBeLessThan(10_000);
  });

  it('pair a start with its end (by rid when runs overlap) and store the duration as latency', async () => {
    const owner = await createTestUser('push-runs');
    const { id, key } = await pushMonitor(owner.ctx);
    const [a, b] = [randomUUID(), randomUUID()];
    await ping(key, 'start', { query: `?rid=${a}` });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await ping(key, 'start', { query: `?rid=${b}` });
    // A start changes no state, but brings the deadline to its start + grace.
    expect((await stateOf(id)).status).toBe('unknown');
    const state = await stateOf(id);
    expect(state.push_deadline_at!.getTime()).toBeLessThan(state.push_expected_at!.getTime());
    await ping(key, '0', { query: `?rid=${a}` });
    const [first] = await heartbeatsOf(id);
    expect(first!.status).toBe('up');
    expect(first!.latency_ms).toBeGreaterThanOrEqual(150);
    await ping(key, '', { query: `?rid=${b}` });
    const runs = await pingsOf(id);
    expect(runs.filter((p) => p.kind === 'start').every((p) => p.ended_at !== null)).toBe(true);
    expect(runs.filter((p) => p.kind === 'success').map((p) => p.run_id)).toEqual([a, b]);
  });

  it('go down at once on a failure, with the exit status and output as the error, and open an incident that notifies', async () => {
    const owner = await createTestUser('push-fail');
    const channel = await webhookChannel(owner.userId);
    const { id, key } = await pushMonitor(owner.ctx);
    await ping(key);
    expect((await ping(key, '3', { method: 'POST', body: 'pg_dump: error: connection refused\n' })).status).toBe(200);
    expect((await stateOf(id)).status).toBe('down');
    const last = (await heartbeatsOf(id)).at(-1)!;
    expect(last).toMatchObject({ status: 'down', error_message: 'Exit status 3: pg_dump: error: connection refused' });
    expect(await incidentsOf(id)).toHaveLength(1);
    expect(await eventsOf(channel.id)).toEqual(['incident.opened']);
    // /fail without a body, then a success resolves the incident.
    await ping(key, 'fail');
    expect((await heartbeatsOf(id)).at(-1)!.error_message).toBe('The job reported a failure.');
    await ping(key);
    expect((await stateOf(id)).status).toBe('up');
    expect((await incidentsOf(id))[0]!.resolved_at).not.toBeNull();
    expect(await eventsOf(channel.id)).toEqual(['incident.opened', 'incident.resolved']);
  });

  it('record a log line without a check or a state change', async () => {
    const owner = await createTestUser('push-log');
    const { id, key } = await pushMonitor(owner.ctx);
    expect((await ping(key, 'log', { method: 'POST', body: 'step 2 of 5' })).status).toBe(200);
    expect(await heartbeatsOf(id)).toHaveLength(0);
    expect((await stateOf(id)).status).toBe('unknown');
    expect((await pingsOf(id))[0]).toMatchObject({ kind: 'log', body: 'step 2 of 5' });
  });

  it('answer 404 alike to a key that never existed and to one regenerated away', async () => {
    const owner = await createTestUser('push-keys');
    const { id, key } = await pushMonitor(owner.ctx);
    const never = await ping(`wpp_${'A'.repeat(32)}`);
    await regeneratePushKey({ ctx: owner.ctx, input: { monitorId: id } });
    const old = await ping(key);
    expect([never.status, old.status]).toEqual([404, 404]);
    expect(await old.text()).toBe(await never.text());
    const fresh = await keyOf(id);
    expect(fresh).not.toBe(key);
    expect((await ping(fresh)).status).toBe(200);
    expect((await ping('short')).status).toBe(404);
    // Another team cannot regenerate it.
    const stranger = await createTestUser('push-stranger');
    expect((await refusal(regeneratePushKey({ ctx: stranger.ctx, input: { monitorId: id } }))).code).toBe('NOT_FOUND');
    expect(await keyOf(id)).toBe(fresh);
  });

  it('of a paused monitor keep the ping but make no check and change nothing', async () => {
    const owner = await createTestUser('push-paused');
    const { id, key } = await pushMonitor(owner.ctx);
    await setMonitorEnabled({ ctx: owner.ctx, input: { monitorId: id, enabled: false } });
    expect((await ping(key, 'fail')).status).toBe(200);
    expect((await stateOf(id)).status).toBe('paused');
    expect(await heartbeatsOf(id)).toHaveLength(0);
    expect(await pingsOf(id)).toHaveLength(1);
    // Overdue while paused: no miss. Resumed: expected a period from now.
    await letTimePass(id, 120);
    expect(await sweepFor(id)).toBe(0);
    await setMonitorEnabled({ ctx: owner.ctx, input: { monitorId: id, enabled: true } });
    expect((await stateOf(id)).push_deadline_at!.getTime()).toBeGreaterThan(Date.now() + 3600_000);
  });

  it('read at most 10 kB of a body sent without Content-Length, and keep those', async () => {
    const owner = await createTestUser('push-body');
    const { id, key } = await pushMonitor(owner.ctx);
    let sent = 0;
    const chunk = new TextEncoder().encode('é'.repeat(1000)); // 2,000 bytes of two-byte characters
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 50 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await ping(key, 'fail', { method: 'POST', body: endless });
    expect(response.status).toBe(200);
    expect(sent).toBeLessThan(64 * 1024);
    const [stored] = await pingsOf(id);
    expect(Buffer.byteLength(stored!.body!)).toBeLessThanOrEqual(PING_BODY_LIMIT);
    expect(stored!.body).toMatch(/^é+$/);
    expect((await heartbeatsOf(id))[0]!.error_message).toHaveLength(1000);
  });

  it('refuse a rid that is not a UUID and an exit status past 255, storing nothing', async () => {
    const owner = await createTestUser('push-bad');
    const { id, key } = await pushMonitor(owner.ctx);
    const badRid = await ping(key, '', { query: '?rid=12345' });
    expect(badRid.status).toBe(400);
    expect(await badRid.text()).toMatch(/rid must be a UUID/);
    const badExit = await ping(key, '256');
    expect(badExit.status).toBe(400);
    expect(await badExit.text()).toMatch(/exit status from 0 to 255/);
    expect(await pingsOf(id)).toHaveLength(0);
  });

  it('limit each key to 120 pings a minute and each client IP, with Retry-After', async () => {
    const owner = await createTestUser('push-flood');
    const { id, key } = await pushMonitor(owner.ctx);
    const statuses = new Map<number, number>();
    let retryAfter: string | null = null;
    for (let i = 0; i < 10_000; i++) {
      const response = await ping(key, 'log', { ip: `203.0.113.${i % 200}` });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
    }
    expect(statuses.get(200)).toBe(PINGS_PER_KEY_PER_MINUTE);
    expect(statuses.get(429)).toBe(10_000 - PINGS_PER_KEY_PER_MINUTE);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await pingsOf(id)).toHaveLength(100); // the newest 100 are kept
    // One IP over many keys (unknown ones too) is limited as well.
    const ip = '192.0.2.77';
    let limited = 0;
    for (let i = 0; i < PINGS_PER_IP_PER_MINUTE + 20; i++) if ((await ping(`wpp_${randomUUID().replaceAll('-', '')}`, '', { ip })).status === 429) limited++;
    expect(limited).toBe(20);
  });

  it('answer Uptime Kuma push URLs, so a Kuma script changes only the host', async () => {
    const owner = await createTestUser('push-kuma');
    const { id, key } = await pushMonitor(owner.ctx);
    const kuma = (query: string, pushKey = key) => kumaGet(new Request(`http://watchpost.test/api/push/${pushKey}${query}`), { params: Promise.resolve({ key: pushKey }) });
    const up = await kuma('?status=up&msg=OK&ping=42');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true });
    expect((await heartbeatsOf(id))[0]).toMatchObject({ status: 'up', latency_ms: 42 });
    await kuma('?status=down&msg=disk%20full');
    expect((await heartbeatsOf(id)).at(-1)).toMatchObject({ status: 'down', error_message: 'The job reported a failure: disk full' });
    const unknown = await kuma('?status=up', `wpp_${'B'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false });
    expect((await kuma('?status=sideways')).status).toBe(400);
    expect((await pingsOf(id)).map((p) => p.via)).toEqual(['kuma', 'kuma']);
  });
});

describe('the lateness sweep', () => {
  it('marks a missed ping down at its deadline, once per missed run, and catches up after an outage', async () => {
    const owner = await createTestUser('push-late');
    const channel = await webhookChannel(owner.userId);
    const { id, key } = await pushMonitor(owner.ctx, { period: '1h', grace: '5m' });
    await ping(key);
    const before = await stateOf(id);
    // 65 minutes later: one run missed.
    await letTimePass(id, 65);
    const overdue = await stateOf(id);
    expect(await sweepFor(id)).toBe(1);
    const missed = (await heartbeatsOf(id)).at(-1)!;
    expect(missed.status).toBe('down');
    expect(missed.time).toEqual(overdue.push_deadline_at);
    expect(missed.error_message).toMatch(/^No ping arrived by \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(expected at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, grace 5 min\)\.$/);
    expect((await stateOf(id)).status).toBe('down');
    expect((await incidentsOf(id))[0]!.started_at).toEqual(overdue.push_deadline_at);
    expect(await eventsOf(channel.id)).toEqual(['incident.opened']);
    // The next run is expected a period after the missed one; a second sweep (a restarted or new leader) finds nothing due.
    expect((await stateOf(id)).push_expected_at!.getTime()).toBe(before.push_expected_at!.getTime() - 65 * 60_000 + 3600_000);
    expect(await sweepFor(id)).toBe(0);
    // Three more hours without a ping: three more failed checks, no second incident.
    await letTimePass(id, 180);
    expect(await sweepFor(id)).toBe(3);
    expect((await heartbeatsOf(id)).filter((h) => h.status === 'down')).toHaveLength(4);
    expect(await incidentsOf(id)).toHaveLength(1);
    // The job runs again: up, incident resolved.
    await ping(key);
    expect((await stateOf(id)).status).toBe('up');
    expect((await incidentsOf(id))[0]!.resolved_at).not.toBeNull();
  });

  it('marks a started run down when it does not end within grace', async () => {
    const owner = await createTestUser('push-stuck');
    const { id, key } = await pushMonitor(owner.ctx, { period: '1d', grace: '10m' });
    await ping(key, 'start');
    await letTimePass(id, 11);
    expect(await sweepFor(id)).toBe(1);
    const [heartbeat] = await heartbeatsOf(id);
    expect(heartbeat!.error_message).toMatch(/^The run started at .* did not report success within the grace time \(10 min\)\.$/);
    expect((await pingsOf(id))[0]!.ended_at).not.toBeNull();
    // The schedule's own deadline (a day after creation) stands.
    expect((await stateOf(id)).push_deadline_at!.getTime()).toBeGreaterThan(Date.now() + 86_000_000 - 11 * 60_000);
  });

  it('counts in uptime, rollups and status pages like any check: each run once, up if its ping came in time', async () => {
    const owner = await createTestUser('push-uptime');
    const { id, key } = await pushMonitor(owner.ctx, { period: '1h', grace: '5m' });
    await ping(key);
    await letTimePass(id, 65);
    await sweepFor(id); // one missed run
    await ping(key); // and the next one on time
    await refreshAllRollups();
    const stats = (await windowStats(owner.teamId, [id], { from: new Date(Date.now() - 3 * 3600_000), to: new Date(Date.now() + 1000) })).get(id)!;
    expect(stats).toMatchObject({ up: 2 });
    expect(stats.down + stats.timeout + stats.error).toBe(1);
    const slug = `push-${randomUUID().slice(0, 8)}`;
    const page = await createStatusPage({ ctx: owner.ctx, input: statusPageFormSchema.parse({ title: 'Jobs', slug }) });
    await addComponent({ ctx: owner.ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Nightly backup', [`monitor:${id}`]: 'on' }) } });
    const view = await loadPublicStatusPage((await statusPageBySlug(slug))!);
    const component = view.groups[0]!.components[0]!;
    expect(component.status).toBe('operational');
    expect(component.days.reduce((n, d) => n + d.failed, 0)).toBe(1);
    expect(component.days.reduce((n, d) => n + d.checks, 0)).toBe(3);
  });

  it('works inside maintenance like any check: the miss is stored, its incident marked, nobody woken', async () => {
    const owner = await createTestUser('push-maint');
    const channel = await webhookChannel(owner.userId);
    const { id, key } = await pushMonitor(owner.ctx, { period: '1h', grace: '5m' });
    await ping(key);
    const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 120 * 60_000;
    await createMaintenance({
      ctx: owner.ctx,
      input: maintenanceFormSchema.parse({ title: 'Backup host moves', timeZone: 'UTC', start: wall(start), end: wall(start + 240 * 60_000), [`monitor:${id}`]: 'on' }),
    });
    await letTimePass(id, 70);
    expect(await sweepFor(id)).toBe(1);
    expect((await incidentsOf(id))[0]!.in_maintenance).toBe(true);
    expect(await eventsOf(channel.id)).toEqual([]);
  });
});

describe('the push monitor form', () => {
  const problems = (fields: Record<string, string>) => {
    const parsed = monitorFormSchema.safeParse(pushForm(fields));
    return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  };

  it('refuses bad durations, invalid cron expressions and zones, and schedules that never fire', () => {
    expect(problems({ period: 'often' })).toEqual({ period: expect.stringMatching(/duration like 90s/) });
    expect(problems({ period: '5s' })).toEqual({ period: expect.stringMatching(/Between 10s and 31d/) });
    expect(problems({ grace: '30d' })).toEqual({ grace: expect.stringMatching(/Between 10s and 7d/) });
    expect(problems({ pushSchedule: 'cron', cron: '0 3 * *' })).toEqual({ cron: expect.stringMatching(/5 fields/) });
    expect(problems({ pushSchedule: 'cron', cron: '0 25 * * *' })).toEqual({ cron: expect.stringMatching(/not valid/) });
    expect(problems({ pushSchedule: 'cron', cron: '0 3 * * *', timeZone: 'Europe/Atlantis' })).toEqual({ timeZone: expect.stringMatching(/no time zone/) });
    expect(problems({ pushSchedule: 'cron', cron: '0 0 31 4 *' })).toEqual({ cron: expect.stringMatching(/never fires/) });
    expect(problems({ pushSchedule: 'sometimes' })).toHaveProperty('pushSchedule');
    expect(monitorFormSchema.parse(pushForm({ pushSchedule: 'cron', cron: '30 2 * * *', timeZone: 'Europe/Berlin' }))).toMatchObject({
      target: 'cron 30 2 * * * (Europe/Berlin)',
      intervalSeconds: 86_400,
      options: { schedule: 'cron', cron: '30 2 * * *', timeZone: 'Europe/Berlin', graceSeconds: 300 },
    });
  });

  it('holds the plan’s shortest interval against the schedule, and keeps the key across edits', async () => {
    const free = await createTestUser('push-free', { plan: 'free' });
    const refused = await refusal(createMonitor({ ctx: free.ctx, input: monitorFormSchema.parse(pushForm({ period: '30s' })) }));
    expect(refused.code).toBe('LIMIT_REACHED');
    expect(refused.options.details?.[0]?.field).toBe('period');
    // Every minute is the free plan's shortest interval: allowed.
    const { id } = await createMonitor({ ctx: free.ctx, input: monitorFormSchema.parse(pushForm({ pushSchedule: 'cron', cron: '* * * * *' })) });
    const key = await keyOf(id);
    // A new name keeps the key and the schedule; a new schedule keeps the key and starts afresh.
    const before = await stateOf(id);
    await updateMonitor({ ctx: free.ctx, input: { monitorId: id, ...monitorFormSchema.parse(pushForm({ name: 'Renamed', pushSchedule: 'cron', cron: '* * * * *' })) } });
    expect(await keyOf(id)).toBe(key);
    expect((await stateOf(id)).push_deadline_at).toEqual(before.push_deadline_at);
    await updateMonitor({ ctx: free.ctx, input: { monitorId: id, ...monitorFormSchema.parse(pushForm({ period: '1d' })) } });
    expect(await keyOf(id)).toBe(key);
    expect((await stateOf(id)).push_expected_at!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    // Another type drops the key: its old URL answers 404.
    await updateMonitor({ ctx: free.ctx, input: { monitorId: id, ...monitorFormSchema.parse({ name: 'Now http', type: 'http', target: 'https://example.com', agentId: (await sql<{ agent_id: string }[]>`SELECT agent_id FROM monitors WHERE id = ${id}`)[0]!.agent_id, intervalSeconds: '60', failureThreshold: '1' }) } });
    expect((await ping(key)).status).toBe(404);
  });
});

describe('a real cron job', () => {
  /** The ping routes behind a real HTTP server, the way `next start` serves them (bodies streamed). */
  async function pingServer() {
    const { Readable } = await import('node:stream');
    const server = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://watchpost.test');
      const [, , key = '', action] = url.pathname.split('/');
      const request = new Request(url, {
        method: req.method,
        headers: { [CLIENT_IP_HEADER]: req.socket.remoteAddress ?? 'unknown' },
        ...(req.method === 'POST' ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
      } as RequestInit);
      const response = action
        ? await actionGet(request, { params: Promise.resolve({ key, action }) })
        : await pingGet(request, { params: Promise.resolve({ key }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('pinging through curl keeps it up; once the job stops, it is down within grace + 15 s, with an incident and a notification', async () => {
    const owner = await createTestUser('push-cron');
    const channel = await webhookChannel(owner.userId);
    const { id, key } = await pushMonitor(owner.ctx, { name: 'Every 10 s', period: '10s', grace: '10s' });
    const server = await pingServer();
    // The leader's sweep, on its own period (lib/background: every 5 s).
    const sweeper = setInterval(() => void sweepLatePushMonitors(), 5_000);
    const job = spawn('sh', ['-c', `while :; do curl -fsS -m 5 -o /dev/null "${server.url}/ping/${key}"; sleep 2; done`], { stdio: 'ignore', detached: true });
    try {
      const waitFor = async (what: () => Promise<boolean>, ms: number) => {
        const until = Date.now() + ms;
        while (!(await what())) {
          if (Date.now() > until) return false;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        return true;
      };
      expect(await waitFor(async () => (await heartbeatsOf(id)).length >= 3, 20_000)).toBe(true);
      expect((await stateOf(id)).status).toBe('up');
      process.kill(-job.pid!, 'SIGKILL');
      const lastPing = (await heartbeatsOf(id)).at(-1)!.time.getTime();
      // Due 10 s after the last ping, late after 10 s of grace, found within 15 s.
      expect(await waitFor(async () => (await stateOf(id)).status === 'down', lastPing + 20_000 + 15_000 - Date.now())).toBe(true);
      const missed = (await heartbeatsOf(id)).at(-1)!;
      expect(missed.status).toBe('down');
      expect(missed.time.getTime()).toBe(lastPing + 20_000);
      expect(await incidentsOf(id)).toHaveLength(1);
      expect(await eventsOf(channel.id)).toEqual(['incident.opened']);
    } finally {
      clearInterval(sweeper);
      if (job.exitCode === null) {
        try {
          process.kill(-job.pid!, 'SIGKILL');
        } catch {
          // already stopped
        }
      }
      await server.close();
    }
  }, 90_000);
});

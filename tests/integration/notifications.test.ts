import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelKind } from '@/db/schema';
import { runIn, sqlClient } from '@/db';
import { sweepOfflineAgents, markAgentSeen } from '@/lib/agents/authenticate';
import { resetEnvCache } from '@/lib/env';
import { acknowledgeIncident, resolveIncident } from '@/lib/incidents/manage';
import { enqueueReminders } from '@/lib/notifications/enqueue';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createChannel, deleteChannel, resendDelivery, rotateSigningSecret, sendTestNotification, setMonitorChannels, updateChannel } from '@/lib/notifications/manage';
import { getChannel, listChannels, monitorChannels } from '@/db/queries/notifications';
import { nextAttemptDelay } from '@/lib/notifications/policy';
import { createChannelSchema, updateChannelSchema } from '@/lib/notifications/schemas';
import { deliverDue } from '@/lib/notifications/worker';
import { acceptTeamInvitation, inviteMember } from '@/lib/teams/invitations';
import { removeMember } from '@/lib/teams/manage';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { openMailbox } from '../helpers/mailbox';
import { startReceiver } from '../helpers/receiver';
import { testSql } from '../helpers/sql';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { notifyLocally } from '../helpers/notify-env';

// The outbox against real receivers: local HTTP(S) servers standing in for each service,
// a real SMTP server, the real database. The worker's clock is moved on by the test
// instead of waiting for backoffs.

const sql = testSql();
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  notifyLocally();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.stop();
  await sql.end();
});
beforeEach(async () => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
  // Each test's deliveries only: earlier tests' leftovers would be claimed too.
  await sql`DELETE FROM notification_events`;
});

async function channel(userId: string, kind: ChannelKind, fields: Record<string, string>, extra: { reminderMinutes?: number } = {}) {
  const parsed = parseKindFields(kind, fields, false);
  if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
  return createChannel({ ctx: teamCtx(userId), input: { name: `${kind}-${Math.random().toString(36).slice(2, 7)}`, kind, allMonitors: true, monitorIds: [], ...parsed, ...extra } });
}

/** A user with one monitor (down after one failure) and a webhook channel to the receiver. */
async function setup() {
  const owner = await agentWithMonitors(1, { failureThreshold: 1 });
  const hook = await channel(owner.userId, 'webhook', { url: `${receiver.url}/hook` });
  return { ...owner, monitorId: owner.monitorIds[0]!, channelId: hook.id, secret: hook.signingSecret! };
}

const base = Date.now() - 3600_000;
async function goDown(token: string, monitorId: string, second: number, errorMessage = 'connect ECONNREFUSED') {
  expect((await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, second), status: 'down', errorMessage }] })).status).toBe(202);
}
async function comeUp(token: string, monitorId: string, second: number) {
  expect((await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, second), status: 'up', latencyMs: 12 }] })).status).toBe(202);
}

const deliveries = (channelId: string) =>
  sql<{ state: string; attempts: number; kind: string; last_error: string | null; due_at: Date }[]>`
    SELECT d.state, d.attempts, e.kind, d.last_error, d.due_at FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
    WHERE d.channel_id = ${channelId} ORDER BY d.created_at, e.created_at`;

describe('the outbox', () => {
  it('queues the message in the transaction that opens the incident, and delivers it signed per Standard Webhooks', async () => {
    const { token, monitorId, channelId, secret } = await setup();
    await goDown(token, monitorId, 0, 'HTTP 503 from upstream');
    expect(await deliveries(channelId)).toEqual([expect.objectContaining({ state: 'queued', kind: 'incident.opened', attempts: 0 })]);

    expect(await deliverDue()).toBe(1);
    const [request] = receiver.received;
    expect(request).toMatchObject({ method: 'POST', path: '/hook' });
    const verified = new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>) as { type: string; data: Record<string, any> };
    const [incident] = await sql`SELECT id FROM incidents WHERE monitor_id = ${monitorId}`;
    expect(verified).toMatchObject({
      type: 'incident.opened',
      timestamp: expect.any(String),
      data: {
        title: 'Down: m0',
        url: `https://watch.example/incidents/${incident!.id}`,
        incident: { id: incident!.id, status: 'open' },
        monitor: { id: monitorId, name: 'm0', type: 'tcp', target: 'db0.internal:5432' },
        lastError: 'HTTP 503 from upstream',
      },
    });
    expect(request!.headers['webhook-id']).toBe(verified.data.eventId);
    expect(() => new Webhook(secret).verify(request!.body.replace('m0', 'mX'), request!.headers as Record<string, string>)).toThrow();

    await comeUp(token, monitorId, 60);
    await deliverDue();
    const resolved = JSON.parse(receiver.received[1]!.body);
    expect(resolved).toMatchObject({ type: 'incident.resolved', data: { incident: { id: incident!.id, ttrSeconds: 60 } } });
    expect(await deliveries(channelId)).toEqual([
      expect.objectContaining({ state: 'delivered', kind: 'incident.opened', attempts: 1 }),
      expect.objectContaining({ state: 'delivered', kind: 'incident.resolved', attempts: 1 }),
    ]);
    const attempts = await sql`SELECT ok, status_code FROM notification_attempts a JOIN notification_deliveries d ON d.id = a.delivery_id WHERE d.channel_id = ${channelId}`;
    expect(attempts).toEqual([expect.objectContaining({ ok: true, status_code: 200 }), expect.objectContaining({ ok: true, status_code: 200 })]);
  });

  it('writes nothing when the incident does not commit, and nothing when no channel wants it', async () => {
    const lonely = await agentWithMonitors(1, { failureThreshold: 1 });
    await goDown(lonely.token, lonely.monitorIds[0]!, 0);
    const [events] = await sql`SELECT count(*)::int AS n FROM notification_events WHERE user_id = ${lonely.userId}`;
    expect(events!.n).toBe(0);
  });

  it('retries 500s with growing waits, honours Retry-After, and delivers once with every attempt logged', async () => {
    const { token, monitorId, channelId } = await setup();
    receiver.answers.push({ status: 500, body: 'boom' }, { status: 429, headers: { 'retry-after': '120' } });
    await goDown(token, monitorId, 0);
    let now = new Date();
    await deliverDue({ now });
    let [row] = await deliveries(channelId);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'answered 500: boom' });
    expect(row!.due_at.getTime() - now.getTime()).toBeGreaterThanOrEqual(8_000);
    expect(await deliverDue({ now: new Date(now.getTime() + 5_000) })).toBe(0);

    now = new Date(now.getTime() + 13_000);
    await deliverDue({ now });
    [row] = await deliveries(channelId);
    expect(row).toMatchObject({ state: 'queued', attempts: 2 });
    expect(Math.round((row!.due_at.getTime() - now.getTime()) / 1000)).toBe(120);

    await deliverDue({ now: new Date(now.getTime() + 121_000) });
    expect(await deliveries(channelId)).toEqual([expect.objectContaining({ state: 'delivered', attempts: 3 })]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(receiver.received).toHaveLength(3);
    const log = await sql`SELECT ok, status_code FROM notification_attempts a JOIN notification_deliveries d ON d.id = a.delivery_id WHERE d.channel_id = ${channelId} ORDER BY a.id`;
    expect(log.map((a) => `${a.ok}:${a.status_code}`)).toEqual(['false:500', 'false:429', 'true:200']);
  });

  it('survives the receiver being down for two minutes: delivered once when it is back', async () => {
    const { token, monitorId, channelId } = await setup();
    await goDown(token, monitorId, 0);
    await receiver.stop();
    const start = Date.now();
    let tries = 0;
    for (let t = 0; t <= 120_000; t += 5_000) tries += await deliverDue({ now: new Date(start + t) });
    expect(tries).toBeGreaterThanOrEqual(3);
    expect((await deliveries(channelId))[0]).toMatchObject({ state: 'queued', last_error: 'connection refused' });
    await receiver.start();
    for (let t = 125_000; t <= 600_000 && (await deliveries(channelId))[0]!.state === 'queued'; t += 5_000) await deliverDue({ now: new Date(start + t) });
    expect(await deliveries(channelId)).toEqual([expect.objectContaining({ state: 'delivered', attempts: tries + 1 })]);
    expect(receiver.received).toHaveLength(1);
  });

  it('fails for good on a 4xx or a redirect, and marks the channel failing with the reason', async () => {
    const { token, monitorId, channelId } = await setup();
    receiver.answers.push({ status: 301, headers: { location: 'https://elsewhere.example/hook' } });
    await goDown(token, monitorId, 0);
    await deliverDue();
    const [row] = await deliveries(channelId);
    expect(row).toMatchObject({ state: 'failed', attempts: 1, last_error: 'answered 301: redirects are not followed; the new address may be https://elsewhere.example/hook' });
    const [failing] = await sql`SELECT failing_since, failing_reason FROM notification_channels WHERE id = ${channelId}`;
    expect(failing).toMatchObject({ failing_since: expect.any(Date), failing_reason: expect.stringContaining('answered 301') });

    // A success clears it.
    await sendTestNotification({ ctx: teamCtx((await sql`SELECT user_id FROM notification_channels WHERE id = ${channelId}`)[0]!.user_id), input: { channelId } });
    await deliverDue();
    const [healthy] = await sql`SELECT failing_since, consecutive_failures FROM notification_channels WHERE id = ${channelId}`;
    expect(healthy).toMatchObject({ failing_since: null, consecutive_failures: 0 });
  });

  it('gives up after a day of failures, visibly', async () => {
    const { token, monitorId, channelId } = await setup();
    await goDown(token, monitorId, 0);
    const start = Date.now();
    for (let i = 0; i < 40; i++) {
      receiver.answers.push({ status: 503 });
      const [row] = await deliveries(channelId);
      if (row!.state !== 'queued') break;
      await deliverDue({ now: new Date(Math.max(start, row!.due_at.getTime())) });
    }
    const [row] = await deliveries(channelId);
    expect(row!.state).toBe('failed');
    expect(row!.attempts).toBeGreaterThan(10);
    const [channelRow] = await sql`SELECT failing_since, consecutive_failures FROM notification_channels WHERE id = ${channelId}`;
    expect(channelRow!.consecutive_failures).toBe(row!.attempts);
    expect(channelRow!.failing_since).not.toBeNull();
  });

  it('resends a delivered message with the same event id', async () => {
    const { token, monitorId, channelId, userId } = await setup();
    await goDown(token, monitorId, 0);
    await deliverDue();
    const [delivery] = await sql`SELECT id FROM notification_deliveries WHERE channel_id = ${channelId}`;
    await resendDelivery({ ctx: teamCtx(userId), input: { deliveryId: delivery!.id } });
    await deliverDue();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers['webhook-id']).toBe(receiver.received[1]!.headers['webhook-id']);
    const other = await setup();
    await expect(resendDelivery({ ctx: teamCtx(other.userId), input: { deliveryId: delivery!.id } })).rejects.toThrow(/does not exist/);
  });
});

describe('at-least-once', () => {
  it('a worker killed mid-send: the lease runs out and another worker sends it again, same event id', async () => {
    const { token, monitorId, channelId } = await setup();
    receiver.answers.push({ hang: true });
    await goDown(token, monitorId, 0);
    const child = spawn(process.execPath, ['--conditions', 'react-server', '--import', 'tsx', path.join(__dirname, '../helpers/deliver-once.ts')], { stdio: 'inherit', env: process.env });
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await deliveries(channelId)).toEqual([expect.objectContaining({ state: 'queued', attempts: 1 })]);
    expect(await deliverDue()).toBe(0);
    await deliverDue({ now: new Date(Date.now() + 61_000) });
    expect(await deliveries(channelId)).toEqual([expect.objectContaining({ state: 'delivered', attempts: 2 })]);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([receiver.received[0]!.headers['webhook-id'], receiver.received[0]!.headers['webhook-id']]);
  });

  it('two workers on two pools deliver each of 60 messages exactly once', async () => {
    const { userId, channelId } = await setup();
    await sql`
      WITH ev AS (INSERT INTO notification_events (user_id, kind, payload) SELECT ${userId}, 'test', '{}'::jsonb FROM generate_series(1, 60) RETURNING id)
      INSERT INTO notification_deliveries (event_id, channel_id) SELECT id, ${channelId} FROM ev`;
    const pools = [postgres(process.env.DATABASE_URL!, { max: 4 }), postgres(process.env.DATABASE_URL!, { max: 4 })];
    try {
      const drain = async (pool: postgres.Sql) => {
        while ((await deliverDue({ sql: pool, limit: 7 })) > 0);
      };
      await Promise.all(pools.map(drain));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    const [counts] = await sql`SELECT count(*) FILTER (WHERE state = 'delivered')::int AS delivered, max(attempts)::int AS most FROM notification_deliveries WHERE channel_id = ${channelId}`;
    expect(counts).toEqual({ delivered: 60, most: 1 });
  });
});

describe('events', () => {
  it('say who acknowledged; remind while still down, once per interval; fold flapping into one message', async () => {
    const { token, monitorId, channelId, userId } = await setup();
    await sql`UPDATE notification_channels SET reminder_minutes = 5 WHERE id = ${channelId}`;
    await goDown(token, monitorId, 0);
    const [incident] = await sql`SELECT id FROM incidents WHERE monitor_id = ${monitorId}`;
    await acknowledgeIncident({ ctx: teamCtx(userId), input: { incidentId: incident!.id } });
    await deliverDue();
    const byType = (type: string) => receiver.received.map((r) => JSON.parse(r.body)).find((body) => body.type === type);
    const acknowledged = byType('incident.acknowledged');
    const [{ email }] = (await sql`SELECT email FROM users WHERE id = ${userId}`) as unknown as [{ email: string }];
    expect(acknowledged).toMatchObject({ type: 'incident.acknowledged', data: { incident: { id: incident!.id, acknowledgedBy: email } } });

    // The incident started an hour ago (heartbeat time); its last message went out just now.
    expect(await enqueueReminders(runIn(sqlClient()))).toBe(0);
    await sql`UPDATE notification_deliveries SET created_at = now() - interval '6 minutes' WHERE channel_id = ${channelId}`;
    expect(await enqueueReminders(runIn(sqlClient()))).toBe(1);
    expect(await enqueueReminders(runIn(sqlClient()))).toBe(0);
    await deliverDue();
    expect(byType('incident.reminder')).toMatchObject({ data: { title: 'Still down: m0' } });

    // Flapping: the incident's opened/resolved pair went out within five minutes; the four
    // changes after it fold into one message, sent when the window ends.
    receiver.received.length = 0;
    await comeUp(token, monitorId, 60);
    await deliverDue();
    for (const [i, second] of [120, 180, 240, 300].entries()) {
      if (i % 2 === 0) await goDown(token, monitorId, second);
      else await comeUp(token, monitorId, second);
      await deliverDue();
    }
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['incident.resolved']);
    const folded = await sql`SELECT count(*)::int AS n FROM notification_deliveries WHERE channel_id = ${channelId} AND state = 'folded'`;
    expect(folded[0]!.n).toBe(4);
    expect(await deliverDue()).toBe(0);
    await deliverDue({ now: new Date(Date.now() + 5 * 60_000 + 1000) });
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['incident.resolved', 'monitor.flapping']);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ data: { title: 'Flapping: m0', changes: 6, statusNow: 'up' } });
  });

  it('tell when an agent goes offline and when it is back', async () => {
    const { agentId, channelId } = await setup();
    await markAgentSeen(agentId);
    await sql`UPDATE agents SET last_seen_at = now() - interval '10 minutes' WHERE id = ${agentId}`;
    expect(await sweepOfflineAgents(30)).toBeGreaterThanOrEqual(1);
    expect(await sweepOfflineAgents(30)).toBe(0);
    // markAgentSeen writes at most once a second per agent and instance.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await markAgentSeen(agentId);
    await deliverDue();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(expect.arrayContaining(['agent.offline', 'agent.online']));
    expect((await deliveries(channelId)).map((d) => d.kind).sort()).toEqual(['agent.offline', 'agent.online']);
  });
});

describe('services', () => {
  it('send Slack Block Kit, a Discord embed, a Telegram message and an ntfy notification as each documents', async () => {
    const tls = await startReceiver({ tls: { hosts: ['hooks.slack.com', 'discord.com'] } });
    process.env.WATCHPOST_TELEGRAM_API_URL = receiver.url;
    resetEnvCache();
    try {
      const owner = await agentWithMonitors(1, { failureThreshold: 1 });
      await channel(owner.userId, 'slack', { url: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX' });
      await channel(owner.userId, 'discord', { url: 'https://discord.com/api/webhooks/123456789012/abcdefghijklmnopqrstuvwxyz_-123' });
      await channel(owner.userId, 'telegram', { botToken: '123456789:AAEabcdefghijklmnopqrstuvwxyz012345', chatId: '-100123' });
      await channel(owner.userId, 'ntfy', { serverUrl: receiver.url, topic: 'ops-alerts', token: 'tk_secret' });
      await goDown(owner.token, owner.monitorIds[0]!, 0, 'timeout after 10 s');
      tls.answers.push({ status: 200 }, { status: 204 });
      // Real TLS to a stand-in: the names resolve to it, and its certificate is trusted here.
      const slackAndDiscord = new Agent({
        connect: { ca: tls.cert, lookup: ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as never },
      });
      // Point the https URLs at the stand-in's port (443 is not ours to bind).
      const { openSecrets, sealSecrets } = await import('@/lib/notifications/manage');
      for (const row of await sql<{ id: string; secrets_encrypted: Buffer; kind: string }[]>`SELECT id, secrets_encrypted, kind FROM notification_channels WHERE user_id = ${owner.userId} AND kind IN ('slack', 'discord')`) {
        const secrets = openSecrets(row.secrets_encrypted, row.id);
        secrets.url = secrets.url!.replace(/^https:\/\/([^/]+)\//, `https://$1:${tls.port}/`);
        await sql`UPDATE notification_channels SET secrets_encrypted = ${sealSecrets(secrets, row.id)} WHERE id = ${row.id}`;
      }
      await deliverDue({ dispatcher: slackAndDiscord });
      await deliverDue({ dispatcher: slackAndDiscord });

      const slack = tls.received.find((r) => r.path.startsWith('/services/'))!;
      expect(slack.headers.host).toBe(`hooks.slack.com:${tls.port}`);
      const slackBody = JSON.parse(slack.body);
      expect(slackBody.text).toContain('Down: m0');
      expect(slackBody.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 Down: m0', emoji: true } });
      expect(slackBody.blocks.find((b: { type: string }) => b.type === 'actions').elements[0].url).toMatch(/^https:\/\/watch\.example\/incidents\//);

      const discord = JSON.parse(tls.received.find((r) => r.path.startsWith('/api/webhooks/'))!.body);
      expect(discord.embeds[0]).toMatchObject({ title: '🔴 Down: m0', color: 0xdc2626, url: expect.stringMatching(/\/incidents\//) });
      expect(discord.embeds[0].fields).toEqual(expect.arrayContaining([{ name: 'Last error', value: 'timeout after 10 s', inline: false }]));

      const telegram = receiver.received.find((r) => r.path.endsWith('/sendMessage'))!;
      expect(telegram.path).toBe('/bot123456789:AAEabcdefghijklmnopqrstuvwxyz012345/sendMessage');
      expect(JSON.parse(telegram.body)).toMatchObject({ chat_id: '-100123', parse_mode: 'HTML', text: expect.stringContaining('<b>Down: m0</b>') });

      const ntfy = receiver.received.find((r) => r.path === '/ops-alerts')!;
      expect(ntfy.headers).toMatchObject({ title: 'Down: m0', priority: 'high', tags: 'rotating_light', authorization: 'Bearer tk_secret', click: expect.stringMatching(/\/incidents\//) });
      expect(ntfy.body).toContain('m0 is down since');
      await slackAndDiscord.close();
    } finally {
      await tls.stop();
      delete process.env.WATCHPOST_TELEGRAM_API_URL;
      resetEnvCache();
    }
  });

  it('mail every address, threading every message of an incident under the first', async () => {
    const { mails, close } = await openMailbox();
    try {
      const owner = await agentWithMonitors(1, { failureThreshold: 1 });
      await channel(owner.userId, 'email', { addresses: 'ops@example.com, Oncall@Example.com' });
      await goDown(owner.token, owner.monitorIds[0]!, 0, 'HTTP 500');
      await deliverDue();
      await comeUp(owner.token, owner.monitorIds[0]!, 90);
      await deliverDue();
      const [incident] = await sql`SELECT id FROM incidents WHERE monitor_id = ${owner.monitorIds[0]!}`;
      expect(mails).toHaveLength(2);
      expect(mails[0]).toMatchObject({ to: 'ops@example.com, oncall@example.com', subject: '🔴 Down: m0', messageId: `<incident-${incident!.id}@watchpost>` });
      expect(mails[0]!.text).toContain(`https://watch.example/incidents/${incident!.id}`);
      expect(mails[0]!.text).toContain('Last error: HTTP 500');
      expect(mails[1]).toMatchObject({ subject: '✅ Up again: m0', inReplyTo: `<incident-${incident!.id}@watchpost>`, references: `<incident-${incident!.id}@watchpost>` });
      expect(mails[1]!.text).toContain('up again after 1 min');
    } finally {
      await close();
    }
  });
});

describe('team members as recipients', () => {
  it('mail the team\'s members (all, or responders and up) as the team is when sending, and name who resolved by hand', async () => {
    const { mails, close } = await openMailbox();
    try {
      const owner = await agentWithMonitors(1, { failureThreshold: 1 });
      const join = async (role: 'viewer' | 'responder') => {
        const person = await createTestUser(role);
        const sent = await inviteMember({ ctx: teamCtx(owner.userId), input: { email: person.email, role }, baseUrl: 'https://watch.example' });
        await acceptTeamInvitation({ token: decodeURIComponent(sent.url.split('/join/')[1]!), userId: person.userId, email: person.email });
        return person;
      };
      const viewer = await join('viewer');
      const responder = await join('responder');
      expect(parseKindFields('email', { members: 'everyone' }, false)).toEqual({ problems: { members: 'Choose which members get the mail.' } });
      expect(parseKindFields('email', {}, false)).toEqual({ problems: { addresses: 'Enter at least one e-mail address, or send to the team’s members.' } });
      await channel(owner.userId, 'email', { members: 'responders' });
      await channel(owner.userId, 'email', { members: 'all', addresses: 'pager@example.com' });
      await goDown(owner.token, owner.monitorIds[0]!, 0, 'HTTP 500');
      await deliverDue();
      const recipients = (subject: RegExp) => mails.filter((mail) => subject.test(mail.subject)).map((mail) => mail.to.split(', ').sort().join(', ')).sort();
      expect(recipients(/Down: m0/)).toEqual([
        [owner.email, responder.email].sort().join(', '),
        ['pager@example.com', owner.email, responder.email, viewer.email].sort().join(', '),
      ].sort());

      // The responder is removed: later mail no longer reaches them. The owner resolves by hand: the mail says who.
      await removeMember({ ctx: teamCtx(owner.userId), input: { userId: responder.userId } });
      const [incident] = await sql`SELECT id FROM incidents WHERE monitor_id = ${owner.monitorIds[0]!}`;
      await resolveIncident({ ctx: teamCtx(owner.userId), input: { incidentId: incident!.id } });
      await deliverDue();
      const resolved = mails.filter((mail) => /Resolved: m0/.test(mail.subject));
      expect(resolved.map((mail) => mail.to.split(', ').sort().join(', ')).sort()).toEqual([owner.email, ['pager@example.com', owner.email, viewer.email].sort().join(', ')].sort());
      expect(resolved[0]!.text).toContain(`Resolved by: ${owner.email}`);
    } finally {
      await close();
    }
  });
});

describe('receivers that misbehave', () => {
  it('a webhook that never answers: the attempt fails after 10 s and is retried', async () => {
    const { token, monitorId, channelId } = await setup();
    receiver.answers.push({ hang: true });
    await goDown(token, monitorId, 0);
    const started = Date.now();
    await deliverDue();
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
    expect(await deliveries(channelId)).toEqual([expect.objectContaining({ state: 'queued', attempts: 1, last_error: 'no answer within 10 s' })]);
  }, 30_000);

  it('an SMTP server that refuses the recipient fails for good; one that is down is retried', async () => {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 })),
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    process.env.WATCHPOST_SMTP_URL = `smtp://127.0.0.1:${port}`;
    resetEnvCache();
    try {
      const owner = await agentWithMonitors(1, { failureThreshold: 1 });
      const mail = await channel(owner.userId, 'email', { addresses: 'nobody@example.com' });
      await goDown(owner.token, owner.monitorIds[0]!, 0);
      await deliverDue();
      expect(await deliveries(mail.id)).toEqual([expect.objectContaining({ state: 'failed', last_error: expect.stringContaining('550') })]);
      const [failing] = await sql`SELECT failing_reason FROM notification_channels WHERE id = ${mail.id}`;
      expect(failing!.failing_reason).toContain('550');

      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await sendTestNotification({ ctx: teamCtx(owner.userId), input: { channelId: mail.id } });
      await deliverDue();
      const test = (await deliveries(mail.id)).find((d) => d.kind === 'test');
      expect(test).toMatchObject({ state: 'queued', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    } finally {
      delete process.env.WATCHPOST_SMTP_URL;
      resetEnvCache();
    }
  });
});

describe('channels', () => {
  it('parse the forms as posted: fields per kind, monitor checkboxes, and every problem under its field', () => {
    const monitorId = '3f2a8c1e-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
    expect(
      createChannelSchema.parse({ name: ' Ops ', kind: 'webhook', url: 'https://example.com/h', headers: 'X-Team: ops', [`monitor:${monitorId}`]: 'on', reminderMinutes: '15', 'event:incident.opened': 'on', 'event:monitor.degraded': 'on', 'event:nonsense': 'on' }),
    ).toEqual({
      name: 'Ops',
      kind: 'webhook',
      allMonitors: false,
      reminderMinutes: 15,
      events: ['incident.opened', 'monitor.degraded'],
      monitorIds: [monitorId],
      componentIds: [],
      settings: { host: 'example.com', headerNames: ['X-Team'] },
      secrets: { url: 'https://example.com/h', headers: { 'X-Team': 'ops' } },
    });
    const refused = createChannelSchema.safeParse({ name: '', kind: 'slack', url: 'https://example.com', reminderMinutes: '2' });
    expect(Object.fromEntries(refused.error!.issues.map((issue) => [issue.path[0], issue.message]))).toEqual({
      name: 'Give the channel a name.',
      reminderMinutes: 'Remind every 5 to 10,080 minutes, or leave it empty.',
    });
    expect(createChannelSchema.safeParse({ name: 'x', kind: 'pager' }).success).toBe(false);
    // Editing: a blank secret keeps the saved one.
    expect(updateChannelSchema.parse({ channelId: monitorId, name: 'Ops', kind: 'slack', url: '', allMonitors: 'on' })).toMatchObject({ channelId: monitorId, secrets: {}, allMonitors: true });
  });

  it('an edit that leaves a webhook’s URL and headers blank keeps where it goes and the headers’ names', async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const created = createChannelSchema.parse({ name: 'hook', kind: 'webhook', url: 'https://hooks.example.com/secret/abc', headers: 'X-Team: ops', allMonitors: 'on' });
    const { id } = await createChannel({ ctx, input: created });
    const edited = updateChannelSchema.parse({ channelId: id, name: 'hook renamed', kind: 'webhook', url: '', headers: '', allMonitors: 'on' });
    await updateChannel({ ctx, input: edited });
    expect((await getChannel(ctx.teamId, id))!.settings).toEqual({ host: 'hooks.example.com', headerNames: ['X-Team'] });
    const newUrl = updateChannelSchema.parse({ channelId: id, name: 'hook renamed', kind: 'webhook', url: 'https://other.example.com/h', headers: '', allMonitors: 'on' });
    await updateChannel({ ctx, input: newUrl });
    expect((await getChannel(ctx.teamId, id))!.settings).toEqual({ host: 'other.example.com', headerNames: ['X-Team'] });
  });

  it("refuse every verb on another user's channel or monitor, as not found, changing nothing", async () => {
    const { channelId, monitorId, userId } = await setup();
    const stranger = teamCtx((await agentWithMonitors(1)).userId);
    const parsed = parseKindFields('webhook', { url: 'https://example.com/x' }, true) as Exclude<ReturnType<typeof parseKindFields>, { problems: unknown }>;
    const input = { channelId, name: 'taken over', kind: 'webhook' as const, allMonitors: true, monitorIds: [], ...parsed };
    await expect(updateChannel({ ctx: stranger, input })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rotateSigningSecret({ ctx: stranger, input: { channelId } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sendTestNotification({ ctx: stranger, input: { channelId } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteChannel({ ctx: stranger, input: { channelId } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setMonitorChannels({ ctx: stranger, input: { monitorId, channelIds: [channelId] } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getChannel(stranger.teamId, channelId)).toBeNull();
    const [row] = await sql`SELECT name FROM notification_channels WHERE id = ${channelId}`;
    expect(row!.name).toMatch(/^webhook-/);
    // A forged kind on the owner's own channel is refused too.
    await expect(updateChannel({ ctx: teamCtx(userId), input: { ...input, kind: 'slack' as const } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it("follow a monitor's choice of channels: off for one monitor keeps the others, and its incidents stay quiet there", async () => {
    const owner = await agentWithMonitors(2, { failureThreshold: 1 });
    const hook = await channel(owner.userId, 'webhook', { url: `${receiver.url}/choice` });
    const [a, b] = owner.monitorIds as [string, string];
    await setMonitorChannels({ ctx: teamCtx(owner.userId), input: { monitorId: a, channelIds: [] } });
    const covered = async () => (await monitorChannels(owner.teamId, a))[0]!.on;
    expect(await covered()).toBe(false);
    expect((await monitorChannels(owner.teamId, b))[0]!.on).toBe(true);
    await goDown(owner.token, a, 0);
    await goDown(owner.token, b, 0);
    expect((await deliveries(hook.id)).map((d) => d.kind)).toEqual(['incident.opened']);
    await setMonitorChannels({ ctx: teamCtx(owner.userId), input: { monitorId: a, channelIds: [hook.id] } });
    expect(await covered()).toBe(true);

    // The list says how many monitors a channel covers, and when it last delivered.
    await deliverDue();
    const [listed] = await listChannels(owner.teamId);
    expect(listed).toMatchObject({ id: hook.id, allMonitors: false, chosenMonitors: 2, lastDeliveredAt: expect.any(Date), failingSince: null });
  });

  it('refuse what is not what it claims to be, under its field', () => {
    expect(parseKindFields('slack', { url: 'https://example.com/services/T/B/X' }, false)).toEqual({ problems: { url: expect.stringMatching(/^That is not a Slack incoming webhook URL/) } });
    expect(parseKindFields('discord', { url: 'https://discord.com/channels/1/2' }, false)).toEqual({ problems: { url: expect.stringMatching(/^That is not a Discord webhook URL/) } });
    expect(parseKindFields('telegram', { botToken: 'abc', chatId: 'me' }, false)).toEqual({
      problems: { botToken: expect.stringMatching(/^A bot token looks like/), chatId: expect.any(String) },
    });
    expect(parseKindFields('email', { addresses: 'ops@example.com, nope' }, false)).toEqual({ problems: { addresses: '“nope” is not an e-mail address.' } });
    expect(parseKindFields('webhook', { url: 'ftp://example.com', headers: 'Webhook-Signature: x' }, false)).toEqual({
      problems: { url: 'Enter an http:// or https:// URL.', headers: 'Line 1: Webhook-Signature is set by Watchpost.' },
    });
    expect(parseKindFields('ntfy', { serverUrl: 'https://ntfy.sh/topic', topic: 'a b' }, false)).toEqual({ problems: { serverUrl: expect.any(String), topic: expect.any(String) } });
  });

  it('keep secrets encrypted, and refuse private addresses in production unless allowed, at save and at send', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const hook = await channel(owner.userId, 'webhook', { url: `${receiver.url}/private-hook`, headers: 'Authorization: Bearer very-secret' });
    const [row] = await sql`SELECT settings, secrets_encrypted FROM notification_channels WHERE id = ${hook.id}`;
    expect(row!.settings).toEqual({ host: `127.0.0.1:${receiver.port}`, headerNames: ['Authorization'] });
    const stored = (row!.secrets_encrypted as Buffer).toString('latin1');
    for (const secret of ['private-hook', 'very-secret', hook.signingSecret!]) expect(stored).not.toContain(secret);

    process.env.WATCHPOST_NOTIFY_PRIVATE_TARGETS = 'false';
    resetEnvCache();
    try {
      await expect(channel(owner.userId, 'webhook', { url: 'http://127.0.0.1:9/x' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        options: { details: [{ field: 'url', message: expect.stringMatching(/private network/) }] },
      });
      await goDown(owner.token, owner.monitorIds[0]!, 0);
      await deliverDue();
      expect(receiver.received).toHaveLength(0);
      expect(await deliveries(hook.id)).toEqual([expect.objectContaining({ state: 'failed', last_error: expect.stringMatching(/private network/) })]);
    } finally {
      process.env.WATCHPOST_NOTIFY_PRIVATE_TARGETS = 'true';
      resetEnvCache();
    }
  });
});

describe('policy', () => {
  it('doubles the wait from 10 s up to an hour, with jitter, and honours a longer Retry-After', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 10, 20].map((n) => nextAttemptDelay(n, undefined, middle))).toEqual([10_000, 20_000, 40_000, 80_000, 3600_000, 3600_000]);
    expect(nextAttemptDelay(1, undefined, () => 0)).toBe(8_000);
    expect(nextAttemptDelay(1, undefined, () => 1)).toBe(12_000);
    expect(nextAttemptDelay(1, 120, middle)).toBe(120_000);
    expect(nextAttemptDelay(1, 99_999, middle)).toBe(3600_000);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelKind } from '@/db/schema';
import { runIn } from '@/db';
import { resetEnvCache } from '@/lib/env';
import { acknowledgeIncident } from '@/lib/incidents/manage';
import { deleteMonitor, setMonitorEnabled } from '@/lib/monitors/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { type ChannelInput, createChannel, sendTestNotification, updateChannel } from '@/lib/notifications/manage';
import { enqueueReminders } from '@/lib/notifications/enqueue';
import { createMaintenance, endMaintenanceNow } from '@/lib/maintenance/manage';
import { handleMaintenanceRound } from '@/lib/maintenance/round';
import { maintenanceFormSchema } from '@/lib/maintenance/schemas';
import { addComponent, createStatusPage } from '@/lib/status-pages/manage';
import { componentFormSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { deliverDue } from '@/lib/notifications/worker';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { routedTo, startReceiver } from '../helpers/receiver';
import { testSql } from '../helpers/sql';
import { teamCtx } from '../helpers/fixtures';
import { notifyLocally } from '../helpers/notify-env';

// The paging and chat services on-call teams use, each against a real HTTP(S) server
// standing in for it: the services' own host names (events.pagerduty.com, api.opsgenie.com …)
// reach the stand-in over real TLS, and each request is checked against the fields the
// service documents.

const sql = testSql();
const SERVICE_HOSTS = ['events.pagerduty.com', 'events.eu.pagerduty.com', 'api.opsgenie.com', 'api.eu.opsgenie.com', 'api.pushover.net', 'chat.googleapis.com', 'prod-00.westus.logic.azure.com'];
let services: Awaited<ReturnType<typeof startReceiver>>;
let selfHosted: Awaited<ReturnType<typeof startReceiver>>;
let dispatcher: ReturnType<typeof routedTo>;

beforeAll(async () => {
  notifyLocally();
  services = await startReceiver({ tls: { hosts: SERVICE_HOSTS } });
  selfHosted = await startReceiver();
  dispatcher = routedTo(services);
});
afterAll(async () => {
  await dispatcher.close();
  await services.stop();
  await selfHosted.stop();
  await sql.end();
});
beforeEach(async () => {
  for (const receiver of [services, selfHosted]) {
    receiver.received.length = 0;
    receiver.answers.length = 0;
  }
  await sql`DELETE FROM notification_events`;
});

const PD_KEY = 'R0123456789abcdefABCDEF012345678';
const GENIE_KEY = '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const PUSHOVER_USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
const PUSHOVER_APP = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';

async function channel(userId: string, kind: ChannelKind, fields: Record<string, string>, extra: Partial<ChannelInput> = {}) {
  const parsed = parseKindFields(kind, fields, false);
  if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
  return createChannel({ ctx: teamCtx(userId), input: { name: `${kind}-${Math.random().toString(36).slice(2, 7)}`, kind, allMonitors: true, monitorIds: [], ...parsed, ...extra } });
}

const eventsOf = async (channelId: string) =>
  (await sql<{ kind: string }[]>`SELECT e.kind FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id WHERE d.channel_id = ${channelId} ORDER BY e.created_at, e.kind`).map((r) => r.kind);

const base = Date.now() - 3600_000;
async function beat(token: string, monitorId: string, second: number, status: 'up' | 'down') {
  const heartbeat = status === 'down' ? { monitorId, time: at(base, second), status, errorMessage: 'connect ECONNREFUSED' } : { monitorId, time: at(base, second), status, latencyMs: 12 };
  expect((await postHeartbeats(token, { heartbeats: [heartbeat] })).status).toBe(202);
}

/** Everything queued, sent (twice over: a test's few deliveries fit one round). */
async function drain() {
  await deliverDue({ dispatcher });
  await deliverDue({ dispatcher });
}

const requestsTo = (host: string) => services.received.filter((r) => r.headers.host === host);
const json = (body: string) => JSON.parse(body) as Record<string, any>;

describe('paging services', () => {
  it('PagerDuty and Opsgenie keep one alert per incident: trigger, acknowledge and resolve by the same key', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const [monitorId] = owner.monitorIds as [string];
    await channel(owner.userId, 'pagerduty', { routingKey: PD_KEY, region: 'us' });
    await channel(owner.userId, 'opsgenie', { apiKey: GENIE_KEY, region: 'eu' });

    await beat(owner.token, monitorId, 0, 'down');
    await drain();
    const [incident] = await sql<{ id: string }[]>`SELECT id FROM incidents WHERE monitor_id = ${monitorId}`;
    const [pdTrigger] = requestsTo('events.pagerduty.com');
    expect(pdTrigger).toMatchObject({ method: 'POST', path: '/v2/enqueue' });
    expect(json(pdTrigger!.body)).toMatchObject({
      routing_key: PD_KEY,
      event_action: 'trigger',
      dedup_key: incident!.id,
      payload: { summary: expect.stringContaining('Down: m0'), source: 'db0.internal:5432', severity: 'critical', component: 'm0', class: 'incident.opened', timestamp: expect.any(String) },
      client: 'Watchpost',
      client_url: `https://watch.example/incidents/${incident!.id}`,
      links: [{ href: `https://watch.example/incidents/${incident!.id}`, text: 'Open in Watchpost' }],
    });
    expect(json(pdTrigger!.body).payload.custom_details['Last error']).toBe('connect ECONNREFUSED');
    const [genieCreate] = requestsTo('api.eu.opsgenie.com');
    expect(genieCreate).toMatchObject({ method: 'POST', path: '/v2/alerts', headers: expect.objectContaining({ authorization: `GenieKey ${GENIE_KEY}`, 'content-type': 'application/json' }) });
    expect(json(genieCreate!.body)).toMatchObject({ message: 'Down: m0', alias: incident!.id, priority: 'P1', source: 'Watchpost', entity: 'm0', description: expect.stringContaining('m0 is down since') });
    expect(requestsTo('api.opsgenie.com')).toEqual([]);

    await acknowledgeIncident({ ctx: teamCtx(owner.userId), input: { incidentId: incident!.id } });
    await drain();
    await beat(owner.token, monitorId, 60, 'up');
    await drain();

    const pd = requestsTo('events.pagerduty.com').map((r) => json(r.body));
    expect(pd.map((b) => [b.event_action, b.dedup_key, b.routing_key])).toEqual([
      ['trigger', incident!.id, PD_KEY],
      ['acknowledge', incident!.id, PD_KEY],
      ['resolve', incident!.id, PD_KEY],
    ]);
    const genie = requestsTo('api.eu.opsgenie.com');
    expect(genie.map((r) => r.path)).toEqual(['/v2/alerts', `/v2/alerts/${incident!.id}/acknowledge?identifierType=alias`, `/v2/alerts/${incident!.id}/close?identifierType=alias`]);
    expect(json(genie[1]!.body)).toMatchObject({ source: 'Watchpost', user: owner.email, note: expect.stringContaining('acknowledged') });
    expect(json(genie[2]!.body)).toMatchObject({ source: 'Watchpost', note: expect.stringContaining('up again') });
  });

  it('resolves the alert when the monitor is paused or deleted while its incident is open', async () => {
    const owner = await agentWithMonitors(2, { failureThreshold: 1 });
    const [paused, deleted] = owner.monitorIds as [string, string];
    await channel(owner.userId, 'pagerduty', { routingKey: PD_KEY, region: 'eu' });
    await beat(owner.token, paused, 0, 'down');
    await beat(owner.token, deleted, 0, 'down');
    await drain();
    const keys = await sql<{ id: string; monitor_id: string }[]>`SELECT id, monitor_id FROM incidents WHERE monitor_id IN ${sql([paused, deleted])}`;
    const keyOf = (monitorId: string) => keys.find((k) => k.monitor_id === monitorId)!.id;

    await setMonitorEnabled({ ctx: teamCtx(owner.userId), input: { monitorId: paused, enabled: false } });
    await deleteMonitor({ ctx: teamCtx(owner.userId), input: { monitorId: deleted } });
    await drain();

    const sent = requestsTo('events.eu.pagerduty.com').map((r) => json(r.body));
    expect(sent.filter((b) => b.event_action === 'trigger').map((b) => b.dedup_key).sort()).toEqual([keyOf(paused), keyOf(deleted)].sort());
    expect(sent.filter((b) => b.event_action === 'resolve').map((b) => b.dedup_key).sort()).toEqual([keyOf(paused), keyOf(deleted)].sort());
    // In Watchpost too: the paused monitor's incident is resolved by the person who paused it.
    const [closed] = await sql`SELECT status, resolved_by FROM incidents WHERE id = ${keyOf(paused)}`;
    expect(closed).toMatchObject({ status: 'resolved', resolved_by: owner.userId });
  });

  it('a test opens an alert and closes it at once', async () => {
    const owner = await agentWithMonitors(0);
    const pd = await channel(owner.userId, 'pagerduty', { routingKey: PD_KEY });
    await sendTestNotification({ ctx: teamCtx(owner.userId), input: { channelId: pd.id } });
    await drain();
    const sent = requestsTo('events.pagerduty.com').map((r) => json(r.body));
    expect(sent.map((b) => b.event_action)).toEqual(['trigger', 'resolve']);
    expect(sent[0]!.dedup_key).toBe(sent[1]!.dedup_key);
    expect(sent[0]!.payload.severity).toBe('info');
  });
});

describe('chat and push services', () => {
  it('send each service’s documented request', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const [monitorId] = owner.monitorIds as [string];
    const teamsUrl = 'https://prod-00.westus.logic.azure.com:443/workflows/0123abcd/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abcDEF';
    await channel(owner.userId, 'msteams', { url: teamsUrl });
    await channel(owner.userId, 'googlechat', { url: 'https://chat.googleapis.com/v1/spaces/AAAA1234/messages?key=AIzaKEY&token=TOKEN123' });
    await channel(owner.userId, 'mattermost', { url: `${selfHosted.url}/hooks/abcdefghijklmnopqrstuvwxyz` });
    const matrix = await channel(owner.userId, 'matrix', { serverUrl: selfHosted.url, roomId: '!ops:example.org', token: 'syt_bot_token_123' });
    await channel(owner.userId, 'gotify', { serverUrl: `${selfHosted.url}/gotify`, token: 'AWH8qCn7bFYpNMN' });
    await channel(owner.userId, 'pushover', { userKey: PUSHOVER_USER, token: PUSHOVER_APP, priority: 'emergency' });

    await beat(owner.token, monitorId, 0, 'down');
    await drain();
    const [incident] = await sql<{ id: string }[]>`SELECT id FROM incidents WHERE monitor_id = ${monitorId}`;
    const link = `https://watch.example/incidents/${incident!.id}`;

    // Teams: an Adaptive Card whose first line (the notification preview) names the monitor and state.
    const [teams] = requestsTo('prod-00.westus.logic.azure.com');
    expect(teams!.path).toBe('/workflows/0123abcd/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abcDEF');
    const teamsBody = json(teams!.body);
    expect(teamsBody.type).toBe('message');
    expect(teamsBody.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4' } });
    const card = teamsBody.attachments[0].content;
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '🔴 Down: m0', weight: 'Bolder', color: 'Attention' });
    expect(card.body[1].text).toContain('m0 is down since');
    expect(card.body[2]).toMatchObject({ type: 'FactSet', facts: expect.arrayContaining([{ title: 'Last error', value: 'connect ECONNREFUSED' }]) });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in Watchpost', url: link }]);
    expect(card.fallbackText).toContain('Down: m0');

    // Google Chat: text for the notification, a cardsV2 card, the incident's thread.
    const [chat] = requestsTo('chat.googleapis.com');
    const chatUrl = new URL(chat!.path, 'https://chat.googleapis.com');
    expect(chatUrl.pathname).toBe('/v1/spaces/AAAA1234/messages');
    expect(Object.fromEntries(chatUrl.searchParams)).toEqual({ key: 'AIzaKEY', token: 'TOKEN123', messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' });
    const chatBody = json(chat!.body);
    expect(chatBody.text).toMatch(/^🔴 \*Down: m0\*\nm0 is down since/);
    expect(chatBody.thread).toEqual({ threadKey: `watchpost-incident-${incident!.id}` });
    expect(chatBody.cardsV2[0].card.header.title).toBe('🔴 Down: m0');
    expect(JSON.stringify(chatBody.cardsV2[0].card.sections)).toContain(link);

    // Pushover: emergency for an incident, repeating until acknowledged, tagged to cancel.
    const [push] = requestsTo('api.pushover.net');
    expect(push!.path).toBe('/1/messages.json');
    expect(json(push!.body)).toMatchObject({ token: PUSHOVER_APP, user: PUSHOVER_USER, title: 'Down: m0', priority: 2, retry: 60, expire: 3600, html: 1, url: link, tags: `watchpost-${incident!.id}` });

    const mattermost = selfHosted.received.find((r) => r.path.startsWith('/hooks/'))!;
    expect(json(mattermost.body)).toMatchObject({
      username: 'Watchpost',
      text: '🔴 **Down: m0**',
      attachments: [{ color: '#dc2626', title: 'Down: m0', title_link: link, fields: expect.arrayContaining([{ short: true, title: 'Last error', value: 'connect ECONNREFUSED' }]) }],
    });

    const matrixPut = selfHosted.received.find((r) => r.path.startsWith('/_matrix/'))!;
    expect(matrixPut.method).toBe('PUT');
    expect(matrixPut.path).toMatch(new RegExp(`^/_matrix/client/v3/rooms/!ops%3Aexample\\.org/send/m\\.room\\.message/watchpost-${matrix.id}-[0-9a-f-]{36}$`));
    expect(matrixPut.headers.authorization).toBe('Bearer syt_bot_token_123');
    expect(json(matrixPut.body)).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html', body: expect.stringContaining('Down: m0'), formatted_body: expect.stringContaining('<strong>🔴 Down: m0</strong>') });

    const gotify = selfHosted.received.find((r) => r.path === '/gotify/message')!;
    expect(gotify.headers['x-gotify-key']).toBe('AWH8qCn7bFYpNMN');
    expect(json(gotify.body)).toMatchObject({ title: 'Down: m0', priority: 8, extras: { 'client::display': { contentType: 'text/markdown' }, 'client::notification': { click: { url: link } } } });

    // Acknowledging in Watchpost stops Pushover's repeats, then says so.
    services.received.length = 0;
    await acknowledgeIncident({ ctx: teamCtx(owner.userId), input: { incidentId: incident!.id } });
    await drain();
    expect(requestsTo('api.pushover.net').map((r) => r.path)).toEqual([`/1/receipts/cancel_by_tag/watchpost-${incident!.id}.json`, '/1/messages.json']);
    expect(json(requestsTo('api.pushover.net')[0]!.body)).toEqual({ token: PUSHOVER_APP });
    expect(json(requestsTo('api.pushover.net')[1]!.body).priority).toBe(0);
  });

  it('Matrix retries with the same transaction id, so the room gets one message', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    await channel(owner.userId, 'matrix', { serverUrl: selfHosted.url, roomId: '!ops:example.org', token: 'syt_bot_token_123' });
    selfHosted.answers.push({ status: 502, body: 'bad gateway' });
    await beat(owner.token, owner.monitorIds[0]!, 0, 'down');
    const now = new Date();
    await deliverDue({ now, dispatcher });
    await deliverDue({ now: new Date(now.getTime() + 15_000), dispatcher });
    const puts = selfHosted.received.filter((r) => r.path.startsWith('/_matrix/'));
    expect(puts).toHaveLength(2);
    expect(puts[1]!.path).toBe(puts[0]!.path);
  });
});

describe('what services answer', () => {
  it('a 400 shows the service’s documented message in the delivery log; a 429 waits as Retry-After says', async () => {
    const owner = await agentWithMonitors(2, { failureThreshold: 1 });
    const pd = await channel(owner.userId, 'pagerduty', { routingKey: PD_KEY });
    services.answers.push({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: ["'routing_key' is invalid"] }),
    });
    await beat(owner.token, owner.monitorIds[0]!, 0, 'down');
    await deliverDue({ dispatcher });
    const [refused] = await sql`SELECT d.state, d.last_error FROM notification_deliveries d WHERE d.channel_id = ${pd.id}`;
    expect(refused).toEqual({ state: 'failed', last_error: "answered 400: Event object is invalid: 'routing_key' is invalid" });
    const [channelRow] = await sql`SELECT failing_reason FROM notification_channels WHERE id = ${pd.id}`;
    expect(channelRow!.failing_reason).toContain('Event object is invalid');

    services.answers.push({ status: 429, headers: { 'retry-after': '30' }, body: JSON.stringify({ status: 'throttle event', message: 'Requests for this service are arriving too quickly.' }) });
    await beat(owner.token, owner.monitorIds[1]!, 0, 'down');
    const now = new Date();
    await deliverDue({ now, dispatcher });
    const [throttled] = await sql<{ state: string; last_error: string; due_at: Date }[]>`
      SELECT d.state, d.last_error, d.due_at FROM notification_deliveries d WHERE d.channel_id = ${pd.id} AND d.state = 'queued'`;
    expect(throttled!.last_error).toBe('answered 429: Requests for this service are arriving too quickly.');
    expect(Math.round((throttled!.due_at.getTime() - now.getTime()) / 1000)).toBe(30);
  });
});

describe('routing by event', () => {
  it('each channel gets the events it chose, about all monitors, chosen ones, or those behind a status page component', async () => {
    const owner = await agentWithMonitors(2, { failureThreshold: 1 });
    const [m0, m1] = owner.monitorIds as [string, string];
    const ctx = teamCtx(owner.userId);
    const page = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Status', slug: `route-${Math.random().toString(36).slice(2, 8)}` }) });
    const component = await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Database', [`monitor:${m1}`]: 'on' }) } });
    const hook = { url: `${selfHosted.url}/hook` };
    const resolvedOnly = await channel(owner.userId, 'webhook', hook, { events: ['incident.resolved'] });
    const byComponent = await channel(owner.userId, 'webhook', hook, { allMonitors: false, componentIds: [component.id] });
    const everything = await channel(owner.userId, 'webhook', hook);

    await beat(owner.token, m0, 0, 'down');
    await beat(owner.token, m0, 60, 'up');
    await beat(owner.token, m1, 0, 'down');
    expect(await eventsOf(resolvedOnly.id)).toEqual(['incident.resolved']);
    expect(await eventsOf(byComponent.id)).toEqual(['incident.opened']);
    expect(await eventsOf(everything.id)).toEqual(['incident.opened', 'incident.resolved', 'incident.opened']);

    // A component's monitors as they are when it happens: m0 added to it now is covered from now on.
    await sql`INSERT INTO status_page_component_monitors (component_id, monitor_id) VALUES (${component.id}, ${m0})`;
    await beat(owner.token, m0, 120, 'down');
    expect(await eventsOf(byComponent.id)).toEqual(['incident.opened', 'incident.opened']);
  });

  it('maintenance started (also when made under way) and ended go to the channels that chose them', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const ctx = teamCtx(owner.userId);
    const hook = { url: `${selfHosted.url}/hook` };
    const told = await channel(owner.userId, 'webhook', hook, { events: ['maintenance.started', 'maintenance.ended'] });
    const quiet = await channel(owner.userId, 'webhook', hook);
    const minute = 60_000;
    const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const now = Math.floor(Date.now() / minute) * minute;
    const window = await createMaintenance({
      ctx,
      input: maintenanceFormSchema.parse({ title: 'Router firmware', timeZone: 'UTC', start: wall(now - minute), end: wall(now + 60 * minute), [`monitor:${owner.monitorIds[0]}`]: 'on' }),
    });
    await handleMaintenanceRound();
    expect(await eventsOf(told.id)).toEqual(['maintenance.started']);
    await endMaintenanceNow({ ctx, input: { windowId: window.id } });
    expect(await eventsOf(told.id)).toEqual(['maintenance.started', 'maintenance.ended']);
    expect(await eventsOf(quiet.id)).toEqual([]);
    await deliverDue({ dispatcher });
    const started = selfHosted.received.map((r) => json(r.body)).find((b) => b.type === 'maintenance.started')!;
    expect(started.data).toMatchObject({ title: 'Maintenance started: Router firmware', maintenance: { id: window.id, title: 'Router firmware' }, monitors: [{ name: 'm0' }] });
  });

  it('paging channels get no reminders and no events that nothing would close', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const pd = await channel(owner.userId, 'pagerduty', { routingKey: PD_KEY }, { reminderMinutes: 5, events: ['incident.opened', 'monitor.partial', 'maintenance.started'] });
    const [row] = await sql`SELECT events FROM notification_channels WHERE id = ${pd.id}`;
    expect(row!.events).toEqual(['incident.opened']);
    // A webhook with the same reminder interval gets its reminder: the paging one does not.
    const hook = await channel(owner.userId, 'webhook', { url: `${selfHosted.url}/hook` }, { reminderMinutes: 5 });
    await beat(owner.token, owner.monitorIds[0]!, 0, 'down');
    await sql`UPDATE notification_deliveries SET created_at = now() - interval '10 minutes' WHERE channel_id IN ${sql([pd.id, hook.id])}`;
    expect(await enqueueReminders(runIn(sql))).toBe(1);
    expect(await eventsOf(hook.id)).toEqual(['incident.opened', 'incident.reminder']);
    expect(await eventsOf(pd.id)).toEqual(['incident.opened']);
    // An edit drops what the kind cannot carry too.
    await updateChannel({ ctx: teamCtx(owner.userId), input: { channelId: pd.id, name: 'pd', kind: 'pagerduty', allMonitors: true, monitorIds: [], settings: { region: 'us' }, secrets: {}, events: ['incident.opened', 'incident.resolved', 'monitor.partial'] } });
    const [edited] = await sql`SELECT events FROM notification_channels WHERE id = ${pd.id}`;
    expect(edited!.events).toEqual(['incident.opened', 'incident.resolved']);
  });
});

describe('validation at save time', () => {
  const refused = (kind: ChannelKind, fields: Record<string, string>) => {
    const parsed = parseKindFields(kind, fields, false);
    return 'problems' in parsed ? parsed.problems : null;
  };

  it('refuses keys and URLs that cannot be the service’s', () => {
    expect(refused('pagerduty', { routingKey: 'short' })).toEqual({ routingKey: expect.stringMatching(/^An Events API v2 integration key is 32/) });
    expect(refused('pagerduty', { routingKey: PD_KEY, region: 'asia' })).toEqual({ region: 'Choose US or EU.' });
    expect(refused('opsgenie', { apiKey: 'not-a-uuid' })).toEqual({ apiKey: expect.stringMatching(/looks like a UUID/) });
    expect(refused('msteams', { url: 'https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456' })).toEqual({ url: expect.stringMatching(/Office 365 connector URL, which Microsoft retired/) });
    expect(refused('msteams', { url: 'https://example.com/workflows/1' })).toEqual({ url: expect.stringMatching(/^That is not a Teams workflow URL/) });
    expect(refused('googlechat', { url: 'https://chat.googleapis.com/v1/spaces/AAA/messages' })).toEqual({ url: expect.stringMatching(/^That is not a Google Chat webhook URL/) });
    expect(refused('mattermost', { url: 'https://mm.example.com/api/v4/posts' })).toEqual({ url: expect.stringMatching(/^That is not a Mattermost incoming webhook URL/) });
    expect(refused('pushover', { userKey: 'x', token: PUSHOVER_APP, priority: 'loud' })).toEqual({ userKey: expect.any(String), priority: 'Choose high or emergency.' });
    expect(refused('gotify', { serverUrl: 'ftp://gotify', token: 'AWH8qCn7bFYpNMN' })).toEqual({ serverUrl: expect.stringMatching(/Gotify server/) });
    expect(refused('matrix', { serverUrl: 'https://matrix.org', roomId: '#ops:matrix.org', token: 'syt_abcdefghij' })).toEqual({ roomId: expect.stringMatching(/not the #alias/) });
    expect(refused('pagerduty', {})).toEqual({ routingKey: 'Paste the integration key of an Events API v2 integration.' });
  });

  it('refuses a self-hosted server on a private network in production, as for webhooks', async () => {
    const owner = await agentWithMonitors(0);
    process.env.WATCHPOST_NOTIFY_PRIVATE_TARGETS = 'false';
    resetEnvCache();
    try {
      for (const [kind, fields, field] of [
        ['gotify', { serverUrl: 'http://127.0.0.1:8080', token: 'AWH8qCn7bFYpNMN' }, 'serverUrl'],
        ['mattermost', { url: 'http://10.0.0.5/hooks/abcdefghijklmnopqrstuvwxyz' }, 'url'],
      ] as const) {
        const error = await channel(owner.userId, kind, fields).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'FORBIDDEN', options: { details: [{ field }] } });
      }
      expect((await sql`SELECT count(*)::int AS n FROM notification_channels WHERE team_id = ${owner.teamId}`)[0]!.n).toBe(0);
    } finally {
      notifyLocally();
    }
  });

  it('keeps a blank saved secret on an edit', () => {
    expect(parseKindFields('pagerduty', { region: 'eu' }, true)).toEqual({ settings: { region: 'eu' }, secrets: {} });
  });
});

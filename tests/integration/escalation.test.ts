import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { incidentEscalation } from '@/db/queries/escalation';
import { runEscalations } from '@/lib/escalation/round';
import { createPolicy, deletePolicy, setMonitorPolicy, updatePolicy } from '@/lib/escalation/manage';
import { policyFormSchema, policySchema } from '@/lib/escalation/schemas';
import { acknowledgeIncident, resolveIncident } from '@/lib/incidents/manage';
import { createMaintenance } from '@/lib/maintenance/manage';
import { maintenanceFormSchema } from '@/lib/maintenance/schemas';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createChannel } from '@/lib/notifications/manage';
import { deliverDue } from '@/lib/notifications/worker';
import { acceptTeamInvitation, inviteMember } from '@/lib/teams/invitations';
import { createTestUser, refusal, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { openMailbox } from '../helpers/mailbox';
import { startReceiver } from '../helpers/receiver';
import { testSql } from '../helpers/sql';
import { notifyLocally } from '../helpers/notify-env';

// Escalation against the real database: the round is run with a clock the test moves on,
// as the leader runs it every few seconds; steps go out through the real outbox.

const sql = testSql();
const MINUTE = 60_000;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  notifyLocally();
  receiver = await startReceiver();
});
beforeEach(async () => {
  receiver.received.length = 0;
  await sql`DELETE FROM notification_events`;
});
afterAll(async () => {
  await receiver?.stop();
  await sql.end();
});

/** A webhook used by the policy alone: no events of its own (only tests and escalation steps). */
async function hook(userId: string, name: string, events: string[] = []) {
  const parsed = parseKindFields('webhook', { url: `${receiver.url}/${name}` }, false);
  if ('problems' in parsed) throw new Error('hook');
  return createChannel({ ctx: teamCtx(userId), input: { name, kind: 'webhook', allMonitors: false, monitorIds: [], events, ...parsed } });
}

/** A team with one monitor on a policy: step 1 → primary, 10 min; step 2 → secondary, 5 min. */
async function setup({ repeatCount = 0 } = {}) {
  const owner = await agentWithMonitors(1, { failureThreshold: 1 });
  const monitorId = owner.monitorIds[0]!;
  const primary = await hook(owner.userId, 'primary');
  const secondary = await hook(owner.userId, 'secondary');
  const policy = await createPolicy({
    ctx: teamCtx(owner.userId),
    input: policySchema.parse({ name: 'Database on-call', repeatCount, steps: [{ waitMinutes: 10, channelIds: [primary.id] }, { waitMinutes: 5, channelIds: [secondary.id] }] }),
  });
  await db.transaction((tx) => setMonitorPolicy(tx, teamCtx(owner.userId), monitorId, policy.id));
  return { ...owner, monitorId, primary, secondary, policy };
}

async function goDown(token: string, monitorId: string) {
  expect((await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(Date.now() - 30_000, 0), status: 'down', errorMessage: 'connect ECONNREFUSED' }] })).status).toBe(202);
  const [incident] = await sql<{ id: string }[]>`SELECT id FROM incidents WHERE monitor_id = ${monitorId} AND resolved_at IS NULL`;
  return incident!.id;
}

/** The steps sent so far: [channel name, step], in order. */
const sentSteps = async (incidentId: string) =>
  (
    await sql<{ name: string | null; step: number; state: string }[]>`
      SELECT c.name, (e.payload->'escalation'->>'step')::int AS step, d.state FROM notification_events e
      JOIN notification_deliveries d ON d.event_id = e.id LEFT JOIN notification_channels c ON c.id = d.channel_id
      WHERE e.incident_id = ${incidentId} AND e.kind = 'incident.escalated' ORDER BY e.created_at, c.name`
  ).map((row) => `${row.name}:${row.step}:${row.state}`);

describe('escalation', () => {
  it('goes step by step at the stored times, then finishes', async () => {
    const { token, monitorId } = await setup();
    const incidentId = await goDown(token, monitorId);
    const t0 = new Date();
    expect(await runEscalations({ now: t0 })).toMatchObject({ started: 1, fired: 1 });
    expect(await sentSteps(incidentId)).toEqual(['primary:1:queued']);
    // Nothing more until the ten minutes are up; rounds in between change nothing.
    expect((await runEscalations({ now: new Date(t0.getTime() + 9 * MINUTE) })).fired).toBe(0);
    expect((await runEscalations({ now: new Date(t0.getTime() + 10 * MINUTE) })).fired).toBe(1);
    expect(await sentSteps(incidentId)).toEqual(['primary:1:queued', 'secondary:2:queued']);
    const [state] = await sql`SELECT next_step, pass, next_at, stopped_because FROM incident_escalations WHERE incident_id = ${incidentId}`;
    expect(state).toMatchObject({ next_step: 0, pass: 1, next_at: null, stopped_because: 'finished' });

    await deliverDue();
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/primary', '/secondary']);
    const second = JSON.parse(receiver.received.find((r) => r.path === '/secondary')!.body);
    expect(second).toMatchObject({
      type: 'incident.escalated',
      data: { title: 'Not acknowledged: m0', escalation: { policy: 'Database on-call', step: 2, steps: 2, previousWaitMinutes: 10 }, incident: { id: incidentId } },
    });
    expect(second.data.summary).toContain('nobody acknowledged it within 10 minutes: escalated to step 2 of 2');
  });

  it('acknowledging stops it: a step due a second later is not sent, and one already queued is cancelled', async () => {
    const { token, monitorId, userId } = await setup();
    const incidentId = await goDown(token, monitorId);
    const t0 = new Date();
    await runEscalations({ now: t0 });
    await deliverDue();
    // Step 2 is queued (due), then someone acknowledges before the worker sends it.
    await runEscalations({ now: new Date(t0.getTime() + 10 * MINUTE) });
    await acknowledgeIncident({ ctx: teamCtx(userId), input: { incidentId } });
    await deliverDue();
    expect(await sentSteps(incidentId)).toEqual(['primary:1:delivered', 'secondary:2:cancelled']);
    const [cancelled] = await sql`SELECT d.last_error FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id WHERE e.incident_id = ${incidentId} AND d.state = 'cancelled'`;
    expect(cancelled!.last_error).toMatch(/acknowledged or resolved first/);
    expect(receiver.received.map((r) => r.path)).toEqual(['/primary']);

    // Another incident, acknowledged a second before its second step: the step never fires.
    await resolveIncident({ ctx: teamCtx(userId), input: { incidentId } });
    const beat = (secondsAgo: number, status: 'up' | 'down') =>
      postHeartbeats(token, { heartbeats: [{ monitorId, time: new Date(Date.now() - secondsAgo * 1000).toISOString(), status, ...(status === 'up' ? { latencyMs: 5 } : { errorMessage: 'refused' }) }] });
    await beat(20, 'up');
    await beat(10, 'down');
    const [reopened] = await sql<{ id: string }[]>`SELECT id FROM incidents WHERE monitor_id = ${monitorId} AND resolved_at IS NULL`;
    const next = reopened!.id;
    const t1 = new Date();
    await runEscalations({ now: t1 });
    await acknowledgeIncident({ ctx: teamCtx(userId), input: { incidentId: next } });
    expect((await runEscalations({ now: new Date(t1.getTime() + 10 * MINUTE + 1000) })).fired).toBe(0);
    expect(await sentSteps(next)).toEqual(['primary:1:queued']);
    const [state] = await sql`SELECT next_at, stopped_because FROM incident_escalations WHERE incident_id = ${next}`;
    expect(state).toMatchObject({ next_at: null, stopped_because: 'acknowledged' });
  });

  it('resolving stops it, also when the monitor recovers by itself', async () => {
    const { token, monitorId } = await setup();
    const incidentId = await goDown(token, monitorId);
    const t0 = new Date();
    await runEscalations({ now: t0 });
    expect((await postHeartbeats(token, { heartbeats: [{ monitorId, time: new Date().toISOString(), status: 'up', latencyMs: 5 }] })).status).toBe(202);
    expect(await runEscalations({ now: new Date(t0.getTime() + 10 * MINUTE) })).toMatchObject({ stopped: 1, fired: 0 });
    const [state] = await sql`SELECT next_at, stopped_because FROM incident_escalations WHERE incident_id = ${incidentId}`;
    expect(state).toMatchObject({ next_at: null, stopped_because: 'resolved' });
  });

  it('repeats the policy K times, then finishes', async () => {
    const { token, monitorId } = await setup({ repeatCount: 1 });
    const incidentId = await goDown(token, monitorId);
    let now = Date.now();
    const fired: number[] = [];
    for (const wait of [0, 10, 5, 10, 5]) {
      now += wait * MINUTE;
      fired.push((await runEscalations({ now: new Date(now) })).fired);
    }
    expect(fired).toEqual([1, 1, 1, 1, 0]);
    expect(await sentSteps(incidentId)).toEqual(['primary:1:queued', 'secondary:2:queued', 'primary:1:queued', 'secondary:2:queued']);
  });

  it('a maintenance window pauses it; it goes on when the window ends', async () => {
    const { token, monitorId, userId } = await setup();
    const incidentId = await goDown(token, monitorId);
    const t0 = new Date();
    await runEscalations({ now: t0 });
    const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const start = Math.floor(t0.getTime() / MINUTE) * MINUTE + 5 * MINUTE;
    await createMaintenance({
      ctx: teamCtx(userId),
      input: maintenanceFormSchema.parse({ title: 'Failover', timeZone: 'UTC', start: wall(start), end: wall(start + 30 * MINUTE), [`monitor:${monitorId}`]: 'on' }),
    });
    expect((await runEscalations({ now: new Date(t0.getTime() + 11 * MINUTE) })).fired).toBe(0);
    expect((await runEscalations({ now: new Date(start + 31 * MINUTE) })).fired).toBe(1);
    expect(await sentSteps(incidentId)).toEqual(['primary:1:queued', 'secondary:2:queued']);
  });

  it('the first step skips a channel that already had the opening message; a step may mail every responder', async () => {
    const { mails, close } = await openMailbox();
    try {
      const owner = await agentWithMonitors(1, { failureThreshold: 1 });
      const monitorId = owner.monitorIds[0]!;
      const everything = await createChannel({
        ctx: teamCtx(owner.userId),
        input: { name: 'all', kind: 'webhook', allMonitors: true, monitorIds: [], ...(parseKindFields('webhook', { url: `${receiver.url}/all` }, false) as { settings: object; secrets: object }) },
      });
      const responder = await createTestUser('responder');
      const viewer = await createTestUser('viewer');
      for (const [member, role] of [[responder, 'responder'], [viewer, 'viewer']] as const) {
        const sent = await inviteMember({ ctx: teamCtx(owner.userId), input: { email: member.email, role }, baseUrl: 'https://watch.example' });
        await acceptTeamInvitation({ token: decodeURIComponent(sent.url.split('/join/')[1]!), userId: member.userId, email: member.email });
      }
      const policy = await createPolicy({
        ctx: teamCtx(owner.userId),
        input: policySchema.parse({ name: 'Everyone', steps: [{ waitMinutes: 5, channelIds: [everything.id], notifyResponders: true }] }),
      });
      await db.transaction((tx) => setMonitorPolicy(tx, teamCtx(owner.userId), monitorId, policy.id));
      const incidentId = await goDown(owner.token, monitorId);
      await runEscalations();
      const rows = await sql<{ kind: string; channel: string | null; member: string | null }[]>`
        SELECT e.kind, c.name AS channel, u.email AS member FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
        LEFT JOIN notification_channels c ON c.id = d.channel_id LEFT JOIN users u ON u.id = d.member_id
        WHERE e.incident_id = ${incidentId} ORDER BY e.kind, u.email`;
      expect(rows).toEqual([
        { kind: 'incident.escalated', channel: null, member: owner.email < responder.email ? owner.email : responder.email },
        { kind: 'incident.escalated', channel: null, member: owner.email < responder.email ? responder.email : owner.email },
        { kind: 'incident.opened', channel: 'all', member: null },
      ]);
      // The incident page says why the channel got no page: it was told when the incident opened.
      expect((await incidentEscalation(owner.teamId, incidentId))!.fired).toEqual([expect.objectContaining({ step: 1, alreadyTold: ['all'], recipients: expect.arrayContaining([expect.objectContaining({ name: responder.email })]) })]);
      await deliverDue();
      const paged = () => mails.filter((m) => m.subject.includes('Down: m0'));
      await expect.poll(() => paged().length).toBe(2);
      expect(paged().map((m) => m.to).sort()).toEqual([owner.email, responder.email].sort());
      expect(paged()[0]!.inReplyTo).toBe(`<incident-${incidentId}@watchpost>`);
    } finally {
      await close();
    }
  });
});

describe('policies', () => {
  it('refuse a step of 0 or 10,000 minutes, a step that notifies no one, and another team’s channel or policy', async () => {
    const problems = (form: Record<string, string>) => {
      const parsed = policyFormSchema.safeParse(form);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[0], issue.message]));
    };
    const owner = await createTestUser('policy-owner');
    const channel = await hook(owner.userId, 'pager');
    const target = `step-0-channel:${channel.id}`;
    expect(problems({ name: 'P', 'step-0-wait': '0', [target]: 'on' })).toEqual({ 'step-0-wait': expect.stringMatching(/^Wait 1 to 1,440 minutes/) });
    expect(problems({ name: 'P', 'step-0-wait': '10000', [target]: 'on' })).toEqual({ 'step-0-wait': expect.stringMatching(/^Wait 1 to 1,440 minutes/) });
    expect(problems({ name: 'P', 'step-0-wait': '5' })).toEqual({ 'step-0-targets': expect.stringMatching(/^Choose who this step notifies/) });
    expect(problems({ name: '', repeatCount: '12' })).toEqual({ name: 'Give the policy a name.', repeatCount: 'Repeat 0 to 9 times.', steps: 'A policy needs at least one step.' });
    expect(policyFormSchema.parse({ name: ' On-call ', repeatCount: '2', 'step-1-wait': '5', 'step-1-responders': 'on', 'step-0-wait': '10', [target]: 'on' })).toEqual({
      name: 'On-call',
      repeatCount: 2,
      steps: [
        { waitMinutes: 10, channelIds: [channel.id], notifyResponders: false },
        { waitMinutes: 5, channelIds: [], notifyResponders: true },
      ],
    });

    const stranger = await agentWithMonitors(1);
    const input = policySchema.parse({ name: 'Theirs', steps: [{ waitMinutes: 5, channelIds: [channel.id] }] });
    expect((await refusal(createPolicy({ ctx: teamCtx(stranger.userId), input }))).code).toBe('NOT_FOUND');
    const mine = await createPolicy({ ctx: teamCtx(owner.userId), input });
    expect((await refusal(createPolicy({ ctx: teamCtx(owner.userId), input: { ...input, name: 'THEIRS' } }))).code).toBe('CONFLICT');
    expect((await refusal(db.transaction((tx) => setMonitorPolicy(tx, teamCtx(stranger.userId), stranger.monitorIds[0]!, mine.id)))).code).toBe('NOT_FOUND');
    expect((await refusal(updatePolicy({ ctx: teamCtx(stranger.userId), input: { ...input, policyId: mine.id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(deletePolicy({ ctx: teamCtx(stranger.userId), input: { policyId: mine.id } }))).code).toBe('NOT_FOUND');
    const [count] = await sql`SELECT count(*)::int AS n FROM escalation_policies WHERE team_id = ${owner.teamId}`;
    expect(count!.n).toBe(1);
  });
});

import type { TeamContext } from '@/lib/teams/roles';
import { describe, expect, it } from 'vitest';
import { usageOverview } from '@/lib/plans/overview';
import { GET as agentConfig } from '@/app/api/v1/agent/config/route';
import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { createAgent, deleteAgent } from '@/lib/agents/manage';
import { createAgentSchema } from '@/lib/agents/schemas';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor, deleteMonitor, updateMonitor } from '@/lib/monitors/manage';
import { dismissNotice, dismissNoticeSchema } from '@/lib/plans/dismiss';
import { setPlanByEmail } from '@/lib/plans/set-plan';
import { createTestUser, refusal, teamCtx } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

const sql = testSql();

async function freeUserWithAgent() {
  const user = await createTestUser('plan', { plan: 'free' });
  const ctx = teamCtx(user.userId);
  const agent = await createAgent({ ctx, input: { name: 'Probe', kind: 'remote' } });
  return { ...user, ctx, agentId: agent.id, token: agent.token! };
}

const monitorInput = (agentId: string, name: string, intervalSeconds = '60') =>
  monitorFormSchema.parse({ name, agentId, type: 'tcp', target: `${name}.internal:5432`, intervalSeconds, timeoutSeconds: '5' });

async function addMonitors(ctx: TeamContext, agentId: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = from; i < from + count; i++) ids.push((await createMonitor({ ctx, input: monitorInput(agentId, `m${i}`) })).id);
  return ids;
}

async function events(userId: string) {
  return sql<{ kind: string; resource: string; used: number; limit: number; quantity: number; plan: string }[]>`
    SELECT kind, resource, used, "limit", quantity, plan FROM usage_events WHERE user_id = ${userId} ORDER BY created_at, CASE kind WHEN 'approaching' THEN 1 WHEN 'reached' THEN 2 ELSE 0 END`;
}

const monitorCount = async (userId: string) =>
  (await sql`SELECT count(*)::int AS n FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ${userId}`)[0]!.n as number;

describe('the monitor limit', () => {
  it('allows limit − 1 and the limit, refuses limit + 1 naming the limit, the usage and how to raise it, storing nothing', async () => {
    const { ctx, agentId, userId } = await freeUserWithAgent();
    await addMonitors(ctx, agentId, 9);
    await addMonitors(ctx, agentId, 1, 9);
    expect(await monitorCount(userId)).toBe(10);
    const refused = await refusal(createMonitor({ ctx, input: monitorInput(agentId, 'eleventh') }));
    expect(refused.code).toBe('LIMIT_REACHED');
    expect(refused.message).toBe(
      'Your free plan allows 10 monitors and you have 10. Delete one you no longer need, or ask your Watchpost operator to move you to the pro plan (250 monitors).',
    );
    expect(await monitorCount(userId)).toBe(10);
    expect((await events(userId)).filter((e) => e.kind === 'created' && e.resource === 'monitors')).toHaveLength(10);
  });

  it('lets exactly one of several concurrent creates at limit − 1 through', async () => {
    const { ctx, agentId, userId } = await freeUserWithAgent();
    await addMonitors(ctx, agentId, 9);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createMonitor({ ctx, input: monitorInput(agentId, `race${i}`) })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'LIMIT_REACHED' });
    expect(await monitorCount(userId)).toBe(10);
    expect((await events(userId)).filter((e) => e.kind === 'reached')).toHaveLength(1);
  });
});

describe('the agent limit', () => {
  it('counts the built-in agent, and lets one of concurrent creates at limit − 1 through', async () => {
    const user = await createTestUser('agents', { plan: 'free' });
    const ctx = teamCtx(user.userId);
    await createAgent({ ctx, input: { name: 'This server', kind: 'builtin' } });
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((name) => createAgent({ ctx, input: { name, kind: 'remote' } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = await refusal(createAgent({ ctx, input: { name: 'third', kind: 'remote' } }));
    expect(refused.message).toBe(
      'Your free plan allows 2 agents and you have 2. Delete one you no longer need, or ask your Watchpost operator to move you to the pro plan (25 agents).',
    );
    const [row] = await sql`SELECT count(*)::int AS n FROM agents WHERE user_id = ${user.userId}`;
    expect(row!.n).toBe(2);
  });

  it('ignores a forged plan field in the form: the plan comes from the account', async () => {
    const parsed = createAgentSchema.parse({ name: 'x', kind: 'remote', plan: 'pro', userId: '00000000-0000-4000-8000-000000000000' });
    expect(parsed).toEqual({ name: 'x', kind: 'remote' });
    expect(createAgentSchema.safeParse({ name: 'x', kind: 'unlimited' }).success).toBe(false);
    const account = await signUp({ input: signUpSchema.parse({ email: 'forged@example.com', password: 'a long test password', plan: 'pro' }) });
    const [row] = await sql`SELECT plan FROM users WHERE id = ${account.id}`;
    expect(row!.plan).toBe('free');
  });
});

describe('the shortest interval', () => {
  it('refuses a shorter interval than the plan allows, under its field, and takes the plan minimum', async () => {
    const { ctx, agentId } = await freeUserWithAgent();
    const refused = await refusal(createMonitor({ ctx, input: monitorInput(agentId, 'fast', '59') }));
    expect(refused.options.details).toEqual([{ field: 'intervalSeconds', message: expect.stringMatching(/^Your free plan checks at most every 60 seconds/) }]);
    const { id } = await createMonitor({ ctx, input: monitorInput(agentId, 'ok', '60') });
    const lowered = await refusal(updateMonitor({ ctx, input: { monitorId: id, ...monitorInput(agentId, 'ok', '30') } }));
    expect(lowered.code).toBe('LIMIT_REACHED');

    const pro = await createTestUser('pro');
    const proAgent = await createAgent({ ctx: pro.ctx, input: { name: 'p', kind: 'remote' } });
    await expect(createMonitor({ ctx: pro.ctx, input: monitorInput(proAgent.id, 'fast', '10') })).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('usage events', () => {
  it('record creates and deletes, and each crossing once, never on a page view', async () => {
    const { ctx, agentId, userId } = await freeUserWithAgent();
    const ids = await addMonitors(ctx, agentId, 10);
    for (let i = 0; i < 5; i++) await usageOverview(userId);
    const monitorEvents = (await events(userId)).filter((e) => e.resource === 'monitors');
    expect(monitorEvents.map((e) => e.kind)).toEqual([...Array(7).fill('created'), 'created', 'approaching', 'created', 'created', 'reached']);
    expect(monitorEvents.find((e) => e.kind === 'approaching')).toMatchObject({ used: 8, limit: 10, plan: 'free' });
    expect(monitorEvents.filter((e) => e.kind === 'created').every((e) => e.quantity === 1)).toBe(true);

    // Down to 7 and back up: a new crossing each way up.
    for (const id of ids.slice(0, 3)) await deleteMonitor({ ctx, input: { monitorId: id } });
    await addMonitors(ctx, agentId, 3, 20);
    const again = (await events(userId)).filter((e) => e.resource === 'monitors').slice(monitorEvents.length);
    expect(again.map((e) => `${e.kind}:${e.used}`)).toEqual(['deleted:9', 'deleted:8', 'deleted:7', 'created:8', 'approaching:8', 'created:9', 'created:10', 'reached:10']);
  });

  it('record the monitors an agent takes with it when deleted', async () => {
    const { ctx, agentId, userId } = await freeUserWithAgent();
    await addMonitors(ctx, agentId, 3);
    await deleteAgent({ ctx, input: { agentId } });
    const last = (await events(userId)).slice(-2);
    expect(last).toEqual([
      expect.objectContaining({ kind: 'deleted', resource: 'agents', quantity: 1, used: 0 }),
      expect.objectContaining({ kind: 'deleted', resource: 'monitors', quantity: 3, used: 0 }),
    ]);
  });
});

describe('notices', () => {
  it('show from 80 % until dismissed, and come back with the next crossing or a plan change', async () => {
    const { ctx, agentId, userId, email } = await freeUserWithAgent();
    await addMonitors(ctx, agentId, 7);
    expect((await usageOverview(userId)).resources.monitors).toMatchObject({ used: 7, level: 'ok', notice: false, refusal: null });
    await addMonitors(ctx, agentId, 1, 7);
    expect((await usageOverview(userId)).resources.monitors).toMatchObject({ used: 8, level: 'approaching', notice: true });

    await dismissNotice({ ctx, input: { resource: 'monitors' } });
    expect((await usageOverview(userId)).resources.monitors.notice).toBe(false);
    await addMonitors(ctx, agentId, 1, 8);
    expect((await usageOverview(userId)).resources.monitors.notice).toBe(false);

    await addMonitors(ctx, agentId, 1, 9);
    const reached = (await usageOverview(userId)).resources.monitors;
    expect(reached).toMatchObject({ level: 'reached', notice: true, refusal: expect.stringContaining('allows 10 monitors and you have 10') });
    await dismissNotice({ ctx, input: { resource: 'monitors' } });
    expect((await usageOverview(userId)).resources.monitors.notice).toBe(false);

    await setPlanByEmail({ email, plan: 'pro' });
    expect((await usageOverview(userId)).resources.monitors).toMatchObject({ level: 'ok', notice: false, limit: 250 });
    await setPlanByEmail({ email, plan: 'free' });
    expect((await usageOverview(userId)).resources.monitors).toMatchObject({ level: 'reached', notice: true });
  });

  it('can be dismissed for usage that has no recorded crossing, and refuse an unknown notice', async () => {
    const { userId, ctx, agentId } = await freeUserWithAgent();
    // Rows written by hand, as an operator's script would: no usage events.
    for (let i = 0; i < 9; i++) await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${agentId}, ${`raw${i}`}, 'tcp', 'x:1')`;
    expect((await usageOverview(userId)).resources.monitors).toMatchObject({ level: 'approaching', notice: true });
    await dismissNotice({ ctx, input: { resource: 'monitors' } });
    expect((await usageOverview(userId)).resources.monitors.notice).toBe(false);
    expect(dismissNoticeSchema.safeParse({ resource: 'users' }).success).toBe(false);
  });
});

describe('a downgrade from pro to free', () => {
  it('keeps everything working, refuses new things, records the change and says what is over', async () => {
    const user = await createTestUser('downgrade', { plan: 'pro' });
    const ctx = teamCtx(user.userId);
    const agents = await Promise.all(['a', 'b', 'c'].map((name) => createAgent({ ctx, input: { name, kind: 'remote' } })));
    const fast = await createMonitor({ ctx, input: monitorInput(agents[0]!.id, 'fast', '10') });
    await addMonitors(ctx, agents[0]!.id, 11);

    const result = await setPlanByEmail({ email: user.email.toUpperCase(), plan: 'free' });
    expect(result).toEqual({
      changed: true,
      over: [
        "3 agents, over the free plan's 2: they keep working, new ones are refused.",
        "12 monitors, over the free plan's 10: they keep working, new ones are refused.",
      ],
    });
    const planEvents = (await events(user.userId)).filter((e) => e.kind !== 'created' && !(e.resource === 'agents' && e.plan === 'pro'));
    expect(planEvents.map((e) => `${e.kind}:${e.resource}:${e.used}/${e.limit}:${e.plan}`).sort()).toEqual([
      'approaching:agents:3/2:free',
      'approaching:monitors:12/10:free',
      'plan_changed:agents:3/2:free',
      'plan_changed:monitors:12/10:free',
      'reached:agents:3/2:free',
      'reached:monitors:12/10:free',
    ]);
    expect(await setPlanByEmail({ email: user.email, plan: 'free' })).toEqual({ changed: false, over: expect.any(Array) });

    // Existing agents and monitors keep working: the agent still gets all its monitors.
    const config = await agentConfig(new Request('http://watchpost.test/api/v1/agent/config', { headers: { authorization: `Bearer ${agents[0]!.token}` } }));
    expect((await config.json()).monitors).toHaveLength(12);
    // An edit that keeps the 10 s interval is fine; new things are refused.
    await updateMonitor({ ctx, input: { monitorId: fast.id, ...monitorInput(agents[0]!.id, 'renamed', '10') } });
    expect((await refusal(createMonitor({ ctx, input: monitorInput(agents[1]!.id, 'new') }))).message).toMatch(/allows 10 monitors and you have 12/);
    expect((await refusal(createAgent({ ctx, input: { name: 'd', kind: 'remote' } }))).message).toMatch(/allows 2 agents and you have 3/);
    expect((await usageOverview(user.userId)).resources.monitors).toMatchObject({ used: 12, limit: 10, level: 'reached', notice: true });
  });

  it('refuses an unknown e-mail or plan and changes nothing', async () => {
    const user = await createTestUser('unknown', { plan: 'free' });
    await expect(setPlanByEmail({ email: 'nobody@example.com', plan: 'pro' })).rejects.toThrow('No account has the e-mail nobody@example.com.');
    await expect(setPlanByEmail({ email: user.email, plan: 'gold' })).rejects.toThrow('Unknown plan "gold": choose free or pro.');
    const [row] = await sql`SELECT plan FROM users WHERE id = ${user.userId}`;
    expect(row!.plan).toBe('free');
  });
});

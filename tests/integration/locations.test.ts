import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getConfig } from '@/app/api/v1/agent/config/route';
import { dashboardRows, statusCounts } from '@/db/queries/dashboard';
import { sweepOfflineAgents } from '@/lib/agents/authenticate';
import { createAgent, deleteAgent } from '@/lib/agents/manage';
import { resetEnvCache } from '@/lib/env';
import { monitorFormSchema, updateMonitorSchema } from '@/lib/monitors/input';
import { createMonitor, updateMonitor } from '@/lib/monitors/manage';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { windowStats } from '@/lib/rollups/reads';
import { createTestUser, refusal } from '../helpers/fixtures';
import { at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// A monitor checked from several agents: each agent gets it, each location keeps its own
// streak, and the quorum decides down, partial and stale; uptime counts one interval's set
// of location results as one check.

const sql = testSql();
const POLL = 30;
beforeAll(() => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
});
afterAll(() => sql.end());

type Rule = { quorumRule?: 'any' | 'k' | 'all'; quorumK?: number; failureThreshold?: number; degradedAfterMs?: number };

/** A user with three remote agents (Frankfurt, New York, Singapore) and one tcp monitor on all three. */
async function threeLocations(rule: Rule = { quorumRule: 'k', quorumK: 2 }) {
  const user = await createTestUser('locations');
  const agents: Awaited<ReturnType<typeof createAgent>>[] = [];
  for (const name of ['Frankfurt', 'New York', 'Singapore']) agents.push(await createAgent({ ctx: user.ctx, input: { name: `${name} ${randomUUID().slice(0, 4)}`, kind: 'remote' } }));
  const input = monitorFormSchema.parse({
    name: 'Checkout API',
    agentId: agents[0]!.id,
    [`location:${agents[1]!.id}`]: 'on',
    [`location:${agents[2]!.id}`]: 'on',
    type: 'tcp',
    target: 'checkout.internal:443',
    intervalSeconds: '60',
    failureThreshold: String(rule.failureThreshold ?? 1),
    recoveryThreshold: '1',
    quorumRule: rule.quorumRule ?? 'any',
    quorumK: String(rule.quorumK ?? 1),
    degradedAfterMs: rule.degradedAfterMs === undefined ? '' : String(rule.degradedAfterMs),
  });
  const { id } = await createMonitor({ ctx: user.ctx, input });
  // Every agent has asked for its configuration: all three are live.
  for (const agent of agents) await config(agent.token!);
  return { ...user, agents, monitorId: id };
}

async function config(token: string) {
  const response = await getConfig(new Request('http://watchpost.test/api/v1/agent/config', { headers: { authorization: `Bearer ${token}` } }));
  expect(response.status).toBe(200);
  return (await response.json()) as { monitors: { id: string }[] };
}

const post = async (token: string, monitorId: string, checks: [second: number, status: string, latencyMs?: number][], base: number) => {
  const response = await postHeartbeats(token, {
    heartbeats: checks.map(([second, status, latencyMs]) => ({ monitorId, time: at(base, second), status, latencyMs: latencyMs ?? 20, errorMessage: status === 'up' ? undefined : `connect ECONNREFUSED (${second})` })),
  });
  expect(response.status).toBe(202);
  return response.json();
};

const statusOf = async (teamId: string, monitorId: string) => (await dashboardRows(teamId, POLL, {})).rows.find((row) => row.id === monitorId)!.status;
const incidents = (monitorId: string) => sql`SELECT started_at, resolved_at FROM incidents WHERE monitor_id = ${monitorId} ORDER BY started_at`;

describe('locations', () => {
  it('each location agent receives the monitor in its configuration', async () => {
    const { agents, monitorId } = await threeLocations();
    for (const agent of agents) expect((await config(agent.token!)).monitors.map((m) => m.id)).toEqual([monitorId]);
  });

  it('2 of 3: one failing location is partial without an incident; the second opens it at its own streak start; below k resolves it', async () => {
    const { agents, monitorId, teamId } = await threeLocations({ quorumRule: 'k', quorumK: 2 });
    const base = Date.now() - 3_600_000;
    const [fra, nyc, sin] = agents.map((a) => a.token!);
    await post(nyc!, monitorId, [[0, 'up'], [60, 'up']], base);
    await post(sin!, monitorId, [[1, 'up']], base);
    await post(fra!, monitorId, [[2, 'up'], [62, 'down'], [122, 'down']], base);
    expect(await incidents(monitorId)).toEqual([]);
    expect(await statusOf(teamId, monitorId)).toBe('partial');
    await post(sin!, monitorId, [[61, 'timeout'], [121, 'timeout']], base);
    const [incident] = await incidents(monitorId);
    expect(new Date(incident!.started_at).toISOString()).toBe(at(base, 62));
    expect(await statusOf(teamId, monitorId)).toBe('down');
    await post(fra!, monitorId, [[182, 'up']], base);
    const [resolved] = await incidents(monitorId);
    expect(new Date(resolved!.resolved_at).toISOString()).toBe(at(base, 182));
    expect(await statusOf(teamId, monitorId)).toBe('partial');
    // The locations that failed, with their errors, are what the incident can name.
    const [state] = await sql`SELECT count(*)::int AS n FROM location_states WHERE monitor_id = ${monitorId} AND status = 'down' AND last_error LIKE 'connect ECONNREFUSED%'`;
    expect(state!.n).toBe(1);
  });

  it('stale when fewer live locations remain than k: no incident opens, whatever the last one says', async () => {
    const { agents, monitorId, teamId } = await threeLocations({ quorumRule: 'k', quorumK: 2 });
    const base = Date.now() - 3_600_000;
    await post(agents[0]!.token!, monitorId, [[0, 'up']], base);
    // New York and Singapore have not asked for their configuration for longer than 3 × poll.
    await sql`UPDATE agents SET last_seen_at = now() - interval '10 minutes' WHERE id IN ${sql([agents[1]!.id, agents[2]!.id])}`;
    await post(agents[0]!.token!, monitorId, [[60, 'down'], [120, 'down'], [180, 'down']], base);
    expect(await incidents(monitorId)).toEqual([]);
    expect(await statusOf(teamId, monitorId)).toBe('stale');
    expect((await statusCounts(teamId, POLL)).stale).toBe(1);
  });

  it('keeps each location’s last error as sent, quotes, backslashes, commas and braces included', async () => {
    const { agents, monitorId } = await threeLocations();
    const message = 'HTTP 500: {"error": "db, \\slow\\"} NULL';
    const response = await postHeartbeats(agents[1]!.token!, { heartbeats: [{ monitorId, time: new Date(Date.now() - 60_000).toISOString(), status: 'down', errorMessage: message }] });
    expect(response.status).toBe(202);
    const [state] = await sql`SELECT status, last_error FROM location_states WHERE monitor_id = ${monitorId} AND agent_id = ${agents[1]!.id}`;
    expect(state).toEqual({ status: 'down', last_error: message });
  });

  it('an agent going offline takes its vote away at once (the sweep judges again), and coming back gives it back', async () => {
    const { agents, monitorId } = await threeLocations({ quorumRule: 'k', quorumK: 2 });
    const base = Date.now() - 3_600_000;
    const [fra, nyc, sin] = agents.map((a) => a.token!);
    await post(nyc!, monitorId, [[0, 'up']], base);
    await post(fra!, monitorId, [[1, 'down']], base);
    await post(sin!, monitorId, [[2, 'down']], base);
    expect((await incidents(monitorId)).filter((i) => i.resolved_at === null)).toHaveLength(1);
    // Singapore goes quiet: once the sweep marks it offline, one live location of two is failing, below k.
    await sql`UPDATE agents SET last_seen_at = now() - interval '10 minutes' WHERE id = ${agents[2]!.id}`;
    expect(await sweepOfflineAgents(POLL)).toBeGreaterThanOrEqual(1);
    expect((await incidents(monitorId)).filter((i) => i.resolved_at === null)).toHaveLength(0);
    // It asks for its configuration again (a poll later: an instance marks an agent seen at most once a second):
    // back online, its last verdict (down) counts again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await config(sin!);
    expect((await incidents(monitorId)).filter((i) => i.resolved_at === null)).toHaveLength(1);
  });

  it('two locations checking in the same millisecond are two stored checks', async () => {
    const { agents, monitorId } = await threeLocations();
    const base = Date.now() - 3_600_000;
    for (const agent of agents) await post(agent.token!, monitorId, [[0, 'up']], base);
    const rows = await sql`SELECT agent_id FROM heartbeats WHERE monitor_id = ${monitorId}`;
    expect(rows.map((row) => row.agent_id).sort()).toEqual(agents.map((a) => a.id).sort());
    // Sent again: duplicates, not new rows.
    const again = await post(agents[1]!.token!, monitorId, [[0, 'up']], base);
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('uptime counts one interval’s set of results as one check, down only when the quorum says so, the same from raw rows and rollups', async () => {
    const { agents, monitorId, teamId } = await threeLocations({ quorumRule: 'k', quorumK: 2 });
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
    const [fra, nyc, sin] = agents.map((a) => a.token!);
    // Minute 0: all up. Minute 1: one down (up by the quorum). Minute 2: two down (down).
    // Minute 3: only one location reported, failing: fewer than k can never say down, so up.
    // Minute 4: New York twice (its checks drifted into one interval), failing: still one location.
    await post(fra!, monitorId, [[0, 'up'], [60, 'down'], [120, 'down'], [180, 'down']], hour);
    await post(nyc!, monitorId, [[5, 'up', 30], [65, 'up', 40], [125, 'timeout'], [241, 'down'], [299, 'down']], hour);
    await post(sin!, monitorId, [[9, 'up', 50], [69, 'up', 60], [129, 'up', 70], [249, 'up', 80]], hour);
    // No whole hour inside: read from the raw rows.
    const raw = (await windowStats(teamId, [monitorId], { from: new Date(hour - 1_800_000), to: new Date(hour + 3_540_000) }))!.get(monitorId)!;
    expect(raw).toMatchObject({ up: 4, down: 1, timeout: 0, error: 0, latencyCount: 7 });
    await refreshAllRollups();
    const rolled = (await windowStats(teamId, [monitorId], { from: new Date(hour), to: new Date(hour + 3_600_000) }))!.get(monitorId)!;
    expect(rolled).toEqual(raw);
  });

  it('a slot whose results reach the rollups in two refreshes is judged once, on all of them', async () => {
    const { agents, monitorId, teamId } = await threeLocations({ quorumRule: 'k', quorumK: 2 });
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
    const [fra, nyc, sin] = agents.map((a) => a.token!);
    const rolled = async () => (await windowStats(teamId, [monitorId], { from: new Date(hour), to: new Date(hour + 3_600_000) }))!.get(monitorId)!;
    await post(fra!, monitorId, [[0, 'up']], hour);
    await post(nyc!, monitorId, [[5, 'down']], hour);
    await refreshAllRollups();
    expect(await rolled()).toMatchObject({ up: 1, down: 0 });
    // Singapore's result for the same minute comes later (after what was counted): now two of three failed.
    await post(sin!, monitorId, [[9, 'timeout'], [70, 'up']], hour);
    await refreshAllRollups();
    expect(await rolled()).toMatchObject({ up: 1, down: 1, timeout: 0, latencyCount: 2 });
    const raw = (await windowStats(teamId, [monitorId], { from: new Date(hour - 1_800_000), to: new Date(hour + 3_540_000) }))!.get(monitorId)!;
    expect(await rolled()).toEqual(raw);
  });

  it('concurrent batches of three agents with conflicting results keep one unresolved incident and the state a sequential run gives', async () => {
    const concurrent = await threeLocations({ quorumRule: 'k', quorumK: 2, failureThreshold: 2 });
    const sequential = await threeLocations({ quorumRule: 'k', quorumK: 2, failureThreshold: 2 });
    const base = Date.now() - 2 * 3_600_000;
    // Agent i's batch k: ten checks, failing or not by a pattern that flips the quorum again and again.
    const batches = (monitorId: string, tokens: string[]) =>
      tokens.flatMap((token, i) =>
        Array.from({ length: 7 }, (_, k) => ({
          token,
          body: { heartbeats: Array.from({ length: 10 }, (_, j) => ({ monitorId, time: at(base, (k * 10 + j) * 60 + i), status: (k + j + i) % 3 === 0 ? 'up' : 'down' })) },
        })),
      );
    // As agents do: a 503 (the instance is saturated) is sent again after its Retry-After
    // (a client back sooner is refused again: lib/ingest/admission.ts).
    const send = async (token: string, body: unknown): Promise<Response> => {
      const response = await postHeartbeats(token, body);
      if (response.status !== 503) return response;
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000 + Math.random() * 100));
      return send(token, body);
    };
    const responses = await Promise.all(batches(concurrent.monitorId, concurrent.agents.map((a) => a.token!)).map(({ token, body }) => send(token, body)));
    expect(responses.map((r) => r.status)).toEqual(Array(21).fill(202));
    for (const { token, body } of batches(sequential.monitorId, sequential.agents.map((a) => a.token!))) expect((await postHeartbeats(token, body)).status).toBe(202);
    const [open] = await sql`SELECT count(*)::int AS n FROM incidents WHERE monitor_id = ${concurrent.monitorId} AND resolved_at IS NULL`;
    expect(open!.n).toBeLessThanOrEqual(1);
    const [stored] = await sql`SELECT count(*)::int AS n FROM heartbeats WHERE monitor_id = ${concurrent.monitorId}`;
    expect(stored!.n).toBe(3 * 7 * 10);
    // Each location's own state does not depend on how the batches interleaved.
    const states = (monitorId: string) => sql`
      SELECT a.name LIKE 'Frankfurt%' AS fra, a.name LIKE 'New York%' AS nyc, s.status, s.streak_count, s.last_heartbeat_at - (SELECT min(time) FROM heartbeats WHERE monitor_id = ${monitorId}) AS age
      FROM location_states s JOIN agents a ON a.id = s.agent_id WHERE s.monitor_id = ${monitorId} ORDER BY 1, 2`;
    expect(await states(concurrent.monitorId)).toEqual(await states(sequential.monitorId));
  });
});

describe('adding and removing locations', () => {
  it('a down monitor given a second location stays down (its first location goes on from the monitor’s state); back to one, it recovers as one', async () => {
    const user = await createTestUser('convert');
    const [first, second] = [await createAgent({ ctx: user.ctx, input: { name: 'First', kind: 'remote' } }), await createAgent({ ctx: user.ctx, input: { name: 'Second', kind: 'remote' } })];
    const fields = { name: 'Convert', agentId: first.id, type: 'tcp', target: 'db.internal:5432', failureThreshold: '2', recoveryThreshold: '2' };
    const { id } = await createMonitor({ ctx: user.ctx, input: monitorFormSchema.parse(fields) });
    for (const agent of [first, second]) await config(agent.token!);
    const base = Date.now() - 3_600_000;
    await post(first.token!, id, [[0, 'down'], [60, 'down']], base);
    expect(await incidents(id)).toHaveLength(1);
    await updateMonitor({ ctx: user.ctx, input: updateMonitorSchema.parse({ monitorId: id, ...fields, [`location:${second.id}`]: 'on' }) });
    await post(second.token!, id, [[90, 'up']], base);
    await post(first.token!, id, [[120, 'up']], base);
    // Any location confirms it: the first is still down (one success of two needed).
    expect(await statusOf(user.teamId, id)).toBe('down');
    expect((await incidents(id))[0]!.resolved_at).toBeNull();
    await updateMonitor({ ctx: user.ctx, input: updateMonitorSchema.parse({ monitorId: id, ...fields }) });
    await post(first.token!, id, [[180, 'up']], base);
    const [incident] = await incidents(id);
    expect(new Date(incident!.resolved_at).toISOString()).toBe(at(base, 120));
    expect(await sql`SELECT 1 FROM location_states WHERE monitor_id = ${id}`).toHaveLength(0);
  });
});

describe('locations: bad input changes nothing', () => {
  const form = (agentId: string, extra: Record<string, string>) => ({ name: 'API', agentId, type: 'tcp', target: 'api.internal:443', ...extra });
  const problems = (input: Record<string, string>) => {
    const parsed = monitorFormSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    return Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
  };

  it('refuses k larger than n, k of 0, the same agent twice, and degraded at or past the timeout', async () => {
    const a = randomUUID();
    const b = randomUUID();
    expect(problems(form(a, { [`location:${b}`]: 'on', quorumRule: 'k', quorumK: '3' })).quorumK).toBe('At most 2: the monitor has 2 locations.');
    expect(problems(form(a, { quorumRule: 'k', quorumK: '0' })).quorumK).toMatch(/at least 1/);
    expect(problems(form(a, { [`location:${a}`]: 'on' })).locations).toBe('Each agent can be one location of a monitor, once.');
    expect(problems(form(a, { timeoutSeconds: '5', degradedAfterMs: '5000' })).degradedAfterMs).toMatch(/shorter than the timeout \(5000 ms\)/);
    expect(monitorFormSchema.safeParse(form(a, { timeoutSeconds: '5', degradedAfterMs: '4999' })).success).toBe(true);
  });

  it('refuses another team’s agent as a location, the built-in agent twice, and a monitor left without a location', async () => {
    const { ctx, agents, monitorId } = await threeLocations();
    const other = await createTestUser('other');
    const foreign = await createAgent({ ctx: other.ctx, input: { name: 'theirs', kind: 'remote' } });
    const input = (extra: Record<string, string>) => updateMonitorSchema.parse({ monitorId, ...form(agents[0]!.id, extra) });
    const error = await refusal(updateMonitor({ ctx, input: input({ [`location:${foreign.id}`]: 'on' }) }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Choose the locations among your agents.' });
    const [builtin] = await sql`SELECT id FROM agents WHERE team_id = ${ctx.teamId} AND kind = 'builtin'`;
    if (builtin) expect(problems(form(builtin.id, { [`location:${builtin.id}`]: 'on' })).locations).toBeDefined();
    const none = updateMonitorSchema.safeParse({ monitorId, name: 'API', agentId: '', type: 'tcp', target: 'api.internal:443' });
    expect(none.success).toBe(false);
    // The form refuses it; so does the write itself, naming the monitor.
    const direct = await refusal(updateMonitor({ ctx, input: { ...input({}), agentId: null } }));
    expect(direct.message).toBe('“Checkout API” needs at least one location: choose one of your agents.');
    const locations = await sql`SELECT count(*)::int AS n FROM monitor_locations WHERE monitor_id = ${monitorId}`;
    expect(locations[0]!.n).toBe(2);
  });

  it('deleting the first location’s agent keeps the monitor on its other locations', async () => {
    const { ctx, agents, monitorId } = await threeLocations();
    await deleteAgent({ ctx, input: { agentId: agents[0]!.id } });
    const [monitor] = await sql`SELECT agent_id FROM monitors WHERE id = ${monitorId}`;
    expect(monitor!.agent_id).toBe(agents[1]!.id);
    const rest = await sql`SELECT agent_id FROM monitor_locations WHERE monitor_id = ${monitorId}`;
    expect(rest.map((row) => row.agent_id)).toEqual([agents[2]!.id]);
  });
});

describe('degraded', () => {
  it('slow checks make a monitor degraded (up, no incident), recorded as a period and told to channels that chose it', async () => {
    const user = await createTestUser('degraded');
    const agent = await createAgent({ ctx: user.ctx, input: { name: 'probe', kind: 'remote' } });
    const input = monitorFormSchema.parse({ name: 'Slow site', agentId: agent.id, type: 'tcp', target: 'slow.internal:80', failureThreshold: '2', recoveryThreshold: '1', degradedAfterMs: '500' });
    const { id } = await createMonitor({ ctx: user.ctx, input });
    await config(agent.token!);
    await sql`INSERT INTO notification_channels (user_id, team_id, name, kind, secrets_encrypted) VALUES (${user.userId}, ${user.teamId}, 'hooks', 'webhook', '\\x00')`;
    const base = Date.now() - 3_600_000;
    await post(agent.token!, id, [[0, 'up', 100], [60, 'up', 900]], base);
    expect(await statusOf(user.teamId, id)).toBe('up');
    await post(agent.token!, id, [[120, 'up', 1200]], base);
    expect(await statusOf(user.teamId, id)).toBe('degraded');
    expect(await incidents(id)).toEqual([]);
    await post(agent.token!, id, [[180, 'up', 80]], base);
    expect(await statusOf(user.teamId, id)).toBe('up');
    const periods = await sql`SELECT started_at, ended_at FROM degraded_periods WHERE monitor_id = ${id}`;
    expect(periods.map((p) => [new Date(p.started_at).toISOString(), new Date(p.ended_at).toISOString()])).toEqual([[at(base, 60), at(base, 180)]]);
    const events = await sql`SELECT kind FROM notification_events WHERE monitor_id = ${id} ORDER BY created_at, kind`;
    expect(events.map((e) => e.kind).sort()).toEqual(['monitor.degraded', 'monitor.recovered']);
    // Degraded counts as up. (The window reads the hourly rollups for a finished hour: the
    // checks an hour ago may lie in one, depending on the clock, so bring them up to date.)
    await refreshAllRollups();
    const stats = (await windowStats(user.teamId, [id], { from: new Date(base), to: new Date(base + 3_600_000) }, new Date()))!.get(id)!;
    expect(stats).toMatchObject({ up: 4, down: 0 });
  });
});

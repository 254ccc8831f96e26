import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { incidentCauses } from '@/db/queries/incidents';
import { setDependencies } from '@/lib/dependencies/manage';
import { runEscalations } from '@/lib/escalation/round';
import { acknowledgeIncident } from '@/lib/incidents/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createChannel } from '@/lib/notifications/manage';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { windowStats } from '@/lib/rollups/reads';
import { refusal, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';
import { notifyLocally } from '../helpers/notify-env';

// "database depends on router": while the router is down, the database's own incident is
// held (no message) and listed on the router's; when the router recovers with the database
// still down, the database's incident is announced then. Uptime is not touched.

const sql = testSql();

beforeAll(() => {
  notifyLocally();
});
beforeEach(async () => {
  await sql`DELETE FROM notification_events`;
});
afterAll(async () => {
  await sql.end();
});

/** A team with router (m0), database (m1, depends on the router) and a webhook for everything. */
async function setup(count = 2) {
  const owner = await agentWithMonitors(count, { failureThreshold: 1 });
  const [router, database] = owner.monitorIds as [string, string];
  const parsed = parseKindFields('webhook', { url: 'http://127.0.0.1:9/hook' }, false);
  if ('problems' in parsed) throw new Error('hook');
  const hook = await createChannel({ ctx: teamCtx(owner.userId), input: { name: 'ops', kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
  await db.transaction((tx) => setDependencies(tx, teamCtx(owner.userId), database, [router]));
  return { ...owner, router, database, hook };
}

const start = Date.now() - 3600_000;
/** Heartbeats in one batch: [monitorId, secondsAfterStart, status]. */
async function beats(token: string, rows: [string, number, 'up' | 'down'][]) {
  const heartbeats = rows.map(([monitorId, second, status]) => ({
    monitorId,
    time: new Date(start + second * 1000).toISOString(),
    status,
    ...(status === 'up' ? { latencyMs: 5 } : { errorMessage: 'no route to host' }),
  }));
  expect((await postHeartbeats(token, { heartbeats })).status).toBe(202);
}

const incidentOf = async (monitorId: string) => (await sql<{ id: string; held_by_dependency: boolean; caused_by_incident_id: string | null }[]>`
  SELECT id, held_by_dependency, caused_by_incident_id FROM incidents WHERE monitor_id = ${monitorId} ORDER BY started_at DESC LIMIT 1`)[0]!;
const eventsAbout = async (monitorId: string) =>
  (await sql<{ kind: string }[]>`SELECT kind FROM notification_events WHERE monitor_id = ${monitorId} ORDER BY created_at`).map((row) => row.kind);

describe('dependencies', () => {
  it('hold the child’s incident while the parent is down, list it there, and announce it when the parent recovers first', async () => {
    const { token, router, database, userId, teamId } = await setup();
    await beats(token, [[router, 0, 'down']]);
    await beats(token, [[database, 10, 'down']]);
    const parent = await incidentOf(router);
    const child = await incidentOf(database);
    expect(child).toMatchObject({ held_by_dependency: true, caused_by_incident_id: parent.id });
    expect(await eventsAbout(router)).toEqual(['incident.opened']);
    expect(await eventsAbout(database)).toEqual([]);
    // Acknowledging the held incident sends nothing either.
    await acknowledgeIncident({ ctx: teamCtx(userId), input: { incidentId: child.id } });
    expect(await eventsAbout(database)).toEqual([]);
    expect(await incidentCauses(teamId, parent.id)).toMatchObject({ effects: [{ incidentId: child.id, monitorName: 'm1', held: true, resolved: false }] });
    expect(await incidentCauses(teamId, child.id)).toMatchObject({ causedBy: { incidentId: parent.id, monitorName: 'm0' }, held: true });
    // Another team reads nothing of them.
    const stranger = await agentWithMonitors(0);
    expect(await incidentCauses(stranger.teamId, parent.id)).toEqual({ causedBy: null, held: false, effects: [] });

    // The router recovers; the database is still down: it is announced now (by the leader's round).
    await beats(token, [[router, 60, 'up']]);
    expect(await eventsAbout(database)).toEqual([]);
    expect((await runEscalations()).announced).toBe(1);
    expect(await eventsAbout(database)).toEqual(['incident.opened']);
    expect((await runEscalations()).announced).toBe(0);
    await beats(token, [[database, 120, 'up']]);
    expect(await eventsAbout(database)).toEqual(['incident.opened', 'incident.resolved']);

    // Uptime is not changed: the database was down for its 110 seconds.
    await refreshAllRollups();
    const stats = (await windowStats((await sql`SELECT team_id FROM agents WHERE id = (SELECT agent_id FROM monitors WHERE id = ${database})`)[0]!.team_id, [database], { from: new Date(start), to: new Date(start + 3600_000) })).get(database)!;
    expect(stats.down).toBeGreaterThan(0);
  });

  it('holds a child that goes down in the same batch as its parent; one that recovers first is never announced', async () => {
    const { token, router, database } = await setup();
    await beats(token, [
      [database, 0, 'down'],
      [router, 0, 'down'],
    ]);
    expect((await incidentOf(database)).held_by_dependency).toBe(true);
    await beats(token, [[database, 30, 'up']]);
    await beats(token, [[router, 60, 'up']]);
    await runEscalations();
    expect(await eventsAbout(database)).toEqual([]);
    expect(await eventsAbout(router)).toEqual(['incident.opened', 'incident.resolved']);
  });

  it('a child already down when the parent goes down is not held', async () => {
    const { token, router, database } = await setup();
    await beats(token, [[database, 0, 'down']]);
    await beats(token, [[router, 10, 'down']]);
    expect((await incidentOf(database)).held_by_dependency).toBe(false);
    expect(await eventsAbout(database)).toEqual(['incident.opened']);
  });

  it('refuse a cycle of three monitors, itself, and another team’s monitor, and change nothing', async () => {
    const owner = await agentWithMonitors(3);
    const [a, b, c] = owner.monitorIds as [string, string, string];
    const ctx = teamCtx(owner.userId);
    await db.transaction((tx) => setDependencies(tx, ctx, a, [b]));
    await db.transaction((tx) => setDependencies(tx, ctx, b, [c]));
    const cycle = await refusal(db.transaction((tx) => setDependencies(tx, ctx, c, [a])));
    expect(cycle).toMatchObject({ code: 'INVALID_INPUT' });
    expect(cycle.message).toBe('That would make a cycle: m2 → m0 → m1 → m2. A monitor cannot depend, even through others, on one that depends on it.');
    expect((await refusal(db.transaction((tx) => setDependencies(tx, ctx, a, [a])))).message).toBe('A monitor cannot depend on itself.');
    const stranger = await agentWithMonitors(1);
    expect((await refusal(db.transaction((tx) => setDependencies(tx, ctx, a, [stranger.monitorIds[0]!])))).code).toBe('NOT_FOUND');
    expect((await refusal(db.transaction((tx) => setDependencies(tx, teamCtx(stranger.userId), stranger.monitorIds[0]!, [a])))).code).toBe('NOT_FOUND');
    const edges = await sql`SELECT monitor_id, depends_on_id FROM monitor_dependencies WHERE monitor_id IN ${sql([a, b, c])} ORDER BY monitor_id`;
    expect(edges.map((e) => `${e.monitor_id}>${e.depends_on_id}`).sort()).toEqual([`${a}>${b}`, `${b}>${c}`].sort());
  });
});

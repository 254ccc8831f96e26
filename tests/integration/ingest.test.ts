import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { resolveIncident } from '@/lib/incidents/manage';
import { advance, type HeartbeatStatus, type MonitorState, NO_PACE } from '@/lib/ingest/state-machine';
import { setMonitorEnabled } from '@/lib/monitors/manage';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';
import { teamCtx } from '../helpers/fixtures';

const sql = testSql();
afterAll(() => sql.end());
beforeAll(() => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
});

const base = Date.now() - 3600_000;

async function heartbeatCount(agentId: string): Promise<number> {
  const [row] = await sql`SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = ${agentId}`;
  return row!.n as number;
}

async function monitorState(monitorId: string) {
  const [row] = await sql`SELECT status, streak_kind, streak_count FROM monitors WHERE id = ${monitorId}`;
  return row;
}

async function incidentsOf(monitorId: string) {
  return sql`SELECT status, started_at, resolved_at, ttr_seconds FROM incidents WHERE monitor_id = ${monitorId} ORDER BY started_at`;
}

describe('POST /api/v1/agent/heartbeats', () => {
  it('stores a batch, moves the monitor down and up, and opens and resolves one incident with its time to resolve', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(1, { failureThreshold: 2, recoveryThreshold: 2 });
    const monitorId = monitorIds[0]!;
    const statuses = ['up', 'timeout', 'down', 'error', 'up', 'up', 'up'];
    const response = await postHeartbeats(token, {
      heartbeats: statuses.map((status, i) => ({ monitorId, time: at(base, i * 30), status, latencyMs: 20 + i, errorMessage: status === 'up' ? undefined : `failed ${i}` })),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 7, duplicates: 0, rejected: [] });
    expect(await heartbeatCount(agentId)).toBe(7);
    expect(await monitorState(monitorId)).toMatchObject({ status: 'up', streak_kind: 'up', streak_count: 3 });
    const [incident] = await incidentsOf(monitorId);
    expect(incident).toMatchObject({ status: 'resolved', ttr_seconds: 90 });
    expect(new Date(incident!.started_at).toISOString()).toBe(at(base, 30));
    expect(new Date(incident!.resolved_at).toISOString()).toBe(at(base, 120));
    const [agent] = await sql`SELECT status, last_seen_at IS NOT NULL AS seen FROM agents WHERE id = ${agentId}`;
    expect(agent).toEqual({ status: 'online', seen: true });
  });

  it('goes pending below the threshold and keeps one open incident while down', async () => {
    const { token, monitorIds } = await agentWithMonitors(1, { failureThreshold: 3 });
    const monitorId = monitorIds[0]!;
    await postHeartbeats(token, { heartbeats: [0, 1].map((i) => ({ monitorId, time: at(base, i), status: 'down' })) });
    expect((await monitorState(monitorId))?.status).toBe('pending');
    await postHeartbeats(token, { heartbeats: [2, 3, 4].map((i) => ({ monitorId, time: at(base, i), status: 'down' })) });
    await postHeartbeats(token, { heartbeats: [5, 6].map((i) => ({ monitorId, time: at(base, i), status: 'error' })) });
    expect((await monitorState(monitorId))?.status).toBe('down');
    expect(await incidentsOf(monitorId)).toHaveLength(1);
  });

  it('treats the same batch sent twice as duplicates: no new rows, no second incident', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(2, { failureThreshold: 1 });
    const batch = { heartbeats: monitorIds.flatMap((monitorId) => [0, 1, 2].map((i) => ({ monitorId, time: at(base, i), status: 'down' }))) };
    expect(await (await postHeartbeats(token, batch)).json()).toEqual({ accepted: 6, duplicates: 0, rejected: [] });
    expect(await (await postHeartbeats(token, batch)).json()).toEqual({ accepted: 0, duplicates: 6, rejected: [] });
    expect(await heartbeatCount(agentId)).toBe(6);
    for (const monitorId of monitorIds) expect(await incidentsOf(monitorId)).toHaveLength(1);
  });

  it('stores late heartbeats but lets them change nothing', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(1, { failureThreshold: 1 });
    const monitorId = monitorIds[0]!;
    await postHeartbeats(token, { heartbeats: [10, 11].map((i) => ({ monitorId, time: at(base, i), status: 'up' })) });
    const before = await monitorState(monitorId);
    const late = await postHeartbeats(token, { heartbeats: [1, 2, 3].map((i) => ({ monitorId, time: at(base, i), status: 'down' })) });
    expect(await late.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    // One late check that agrees with the monitor (what is otherwise moved on without a read).
    const lateUp = await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, 5), status: 'up' }] });
    expect(await lateUp.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await heartbeatCount(agentId)).toBe(6);
    expect(await monitorState(monitorId)).toEqual(before);
    expect((await sql`SELECT last_heartbeat_at FROM monitors WHERE id = ${monitorId}`)[0]?.last_heartbeat_at).toEqual(new Date(at(base, 11)));
    expect(await incidentsOf(monitorId)).toHaveLength(0);
  });

  it("rejects another agent's monitor as unknown_monitor and leaves its data alone, storing the rest", async () => {
    const a = await agentWithMonitors(1);
    const b = await agentWithMonitors(1);
    const response = await postHeartbeats(a.token, {
      heartbeats: [
        { monitorId: a.monitorIds[0], time: at(base, 0), status: 'up' },
        { monitorId: b.monitorIds[0], time: at(base, 0), status: 'down' },
        { monitorId: '00000000-0000-4000-8000-000000000000', time: at(base, 0), status: 'down' },
      ],
    });
    expect(await response.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 1, reason: 'unknown_monitor' },
        { index: 2, reason: 'unknown_monitor' },
      ],
    });
    expect(await heartbeatCount(b.agentId)).toBe(0);
    expect((await monitorState(b.monitorIds[0]!))?.status).toBe('unknown');
  });

  it('rejects times more than 5 minutes ahead or older than the plan retention as out_of_range', async () => {
    const { token, userId, agentId, monitorIds } = await agentWithMonitors(1);
    await sql`UPDATE users SET plan = 'free' WHERE id = ${userId}`;
    const monitorId = monitorIds[0]!;
    const now = Date.now();
    const batch = {
      heartbeats: [
        { monitorId, time: new Date(now + 10 * 60_000).toISOString(), status: 'up' },
        { monitorId, time: new Date(now - 31 * 86_400_000).toISOString(), status: 'up' },
        { monitorId, time: new Date(now - 29 * 86_400_000).toISOString(), status: 'up' },
        { monitorId, time: new Date(now + 60_000).toISOString().replace('Z', '+02:00').replace(/T(\d\d)/, (_, h) => `T${String((Number(h) + 2) % 24).padStart(2, '0')}`), status: 'up' },
      ],
    };
    const free = await (await postHeartbeats(token, batch)).json();
    expect(free.rejected).toEqual([
      { index: 0, reason: 'out_of_range' },
      { index: 1, reason: 'out_of_range' },
    ]);
    await sql`UPDATE users SET plan = 'pro' WHERE id = ${userId}`;
    const pro = await (await postHeartbeats(token, batch)).json();
    expect(pro.rejected).toEqual([{ index: 0, reason: 'out_of_range' }]);
    expect(await heartbeatCount(agentId)).toBe(3);
  });

  it('truncates an errorMessage longer than 1000 characters', async () => {
    const { token, monitorIds } = await agentWithMonitors(1);
    await postHeartbeats(token, { heartbeats: [{ monitorId: monitorIds[0], time: at(base, 0), status: 'error', errorMessage: 'x'.repeat(5000) }] });
    const [row] = await sql`SELECT length(error_message)::int AS n FROM heartbeats WHERE monitor_id = ${monitorIds[0]!}`;
    expect(row?.n).toBe(1000);
  });

  it('stores error messages as sent (tabs, line breaks, backslashes, any script), NUL bytes and broken surrogates as clean text', async () => {
    const { token, monitorIds } = await agentWithMonitors(1);
    const response = await postHeartbeats(token, {
      heartbeats: [
        { monitorId: monitorIds[0], time: at(base, 0), status: 'error', errorMessage: 'bad\u0000byte' },
        { monitorId: monitorIds[0], time: at(base, 1), status: 'error', errorMessage: 'half \ud800 pair' },
        { monitorId: monitorIds[0], time: at(base, 2), status: 'error', errorMessage: 'tab\there\nline\r\\N \\ «ünï» 🚨' },
        { monitorId: monitorIds[0], time: at(base, 3), status: 'timeout', errorMessage: '' },
      ],
    });
    expect(response.status).toBe(202);
    const rows = await sql`SELECT error_message, latency_ms FROM heartbeats WHERE monitor_id = ${monitorIds[0]!} ORDER BY time`;
    expect(rows.map((r) => r.error_message)).toEqual(['badbyte', 'half \ufffd pair', 'tab\there\nline\r\\N \\ «ünï» 🚨', '']);
    expect(rows.map((r) => r.latency_ms)).toEqual([null, null, null, null]);
  });

  it('a new failure streak after a manual resolve opens a new incident', async () => {
    const { token, userId, monitorIds } = await agentWithMonitors(1, { failureThreshold: 1 });
    const monitorId = monitorIds[0]!;
    await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, 0), status: 'down' }] });
    const [open] = await sql`SELECT id FROM incidents WHERE monitor_id = ${monitorId}`;
    await resolveIncident({ ctx: teamCtx(userId), input: { incidentId: open!.id as string } });
    await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, 1), status: 'down' }] });
    expect(await incidentsOf(monitorId)).toHaveLength(1);
    await postHeartbeats(token, { heartbeats: [2, 3].map((i) => ({ monitorId, time: at(base, i), status: i === 2 ? 'up' : 'down' })) });
    const incidents = await incidentsOf(monitorId);
    expect(incidents.map((i) => i.status)).toEqual(['resolved', 'open']);
  });
});

describe('each check moves its monitor exactly as the state machine does', () => {
  // Most checks change nothing but a streak's length and the last heartbeat: ingest moves
  // those monitors on in one statement without reading them (advanceSteady), the rest the
  // general way. Either way the row must be where lib/ingest/state-machine.ts puts it.
  it('one check per monitor and batch, up and down runs, a monitor with two checks a batch, a degraded limit, a pause, and an agent sending for a monitor not its own', async () => {
    const { token, userId, monitorIds } = await agentWithMonitors(5, { failureThreshold: 2, recoveryThreshold: 2 });
    const [plainA, plainB, twice, slowish, paused] = monitorIds as [string, string, string, string, string];
    await sql`UPDATE monitors SET degraded_after_ms = 100 WHERE id = ${slowish}`;
    const other = await agentWithMonitors(1);
    const foreign = other.monitorIds[0]!;
    await postHeartbeats(other.token, { heartbeats: [{ monitorId: foreign, time: at(base, -5), status: 'up' }] });
    const foreignBefore = await sql`SELECT * FROM monitors WHERE id = ${foreign}`;
    expect(foreignBefore[0]?.status).toBe('up');

    const thresholds = { failureThreshold: 2, recoveryThreshold: 2 };
    const expected = new Map<string, MonitorState>(
      monitorIds.map((id) => [id, { status: 'unknown', lastHeartbeatAt: null, streakKind: null, streakCount: 0, streakStartedAt: null, incidentOpen: false, pace: NO_PACE }]),
    );
    // Long runs each way, so most checks are steady and some move a monitor.
    const runs = ['up', 'up', 'up', 'up', 'down', 'down', 'down', 'up', 'up', 'up', 'timeout', 'up', 'up', 'error', 'down', 'down', 'down', 'down', 'up', 'up'] as const;
    for (let k = 0; k < runs.length; k++) {
      if (k === 8) await setMonitorEnabled({ ctx: teamCtx(userId), input: { monitorId: paused, enabled: false } });
      const pausedBefore = k >= 8 ? await sql`SELECT status, last_heartbeat_at, streak_kind, streak_count, streak_started_at FROM monitors WHERE id = ${paused}` : null;
      const check = (monitorId: string, second: number, status: string, latencyMs: number) => ({ monitorId, time: at(base, k * 10 + second), status, latencyMs });
      const sent = [
        check(plainA, 0, runs[k]!, 20),
        check(plainB, 1, runs[(k + 3) % runs.length]!, 20),
        check(twice, 2, runs[k]!, 20),
        check(twice, 3, runs[(k + 1) % runs.length]!, 20),
        check(slowish, 4, runs[k]!, k % 3 === 0 ? 20 : 500),
        check(paused, 5, runs[k]!, 20),
      ];
      const response = await postHeartbeats(token, { heartbeats: [...sent, check(foreign, 6, 'up', 20)] });
      expect(await response.json()).toEqual({ accepted: sent.length, duplicates: 0, rejected: [{ index: sent.length, reason: 'unknown_monitor' }] });

      for (const monitorId of [plainA, plainB, twice, slowish, ...(k < 8 ? [paused] : [])]) {
        const checks = sent.filter((c) => c.monitorId === monitorId).map((c) => ({ time: new Date(c.time), status: c.status as HeartbeatStatus, latencyMs: c.latencyMs }));
        const next = advance(expected.get(monitorId)!, { ...thresholds, degradedAfterMs: monitorId === slowish ? 100 : null }, checks).state;
        expected.set(monitorId, next);
        const [row] = await sql`
          SELECT status, last_heartbeat_at, streak_kind, streak_count, streak_started_at, degraded_since, pace_kind, pace_count,
            EXISTS (SELECT 1 FROM incidents i WHERE i.monitor_id = m.id AND i.resolved_at IS NULL) AS incident_open
          FROM monitors m WHERE id = ${monitorId}`;
        expect({ batch: k, monitorId, ...row }).toEqual({
          batch: k,
          monitorId,
          status: next.status,
          last_heartbeat_at: next.lastHeartbeatAt,
          streak_kind: next.streakKind,
          streak_count: next.streakCount,
          streak_started_at: next.streakStartedAt,
          degraded_since: next.pace?.degradedSince ?? null,
          pace_kind: next.pace?.paceKind ?? null,
          pace_count: next.pace?.paceCount ?? 0,
          incident_open: next.incidentOpen,
        });
      }
      if (pausedBefore) expect(await sql`SELECT status, last_heartbeat_at, streak_kind, streak_count, streak_started_at FROM monitors WHERE id = ${paused}`).toEqual(pausedBefore);
    }
    // The runs made the plain monitors go down, come back, and stay a while each way.
    expect((await incidentsOf(plainA)).length).toBeGreaterThanOrEqual(2);
    expect(await sql`SELECT * FROM monitors WHERE id = ${foreign}`).toEqual(foreignBefore);
    expect(await heartbeatCount(other.agentId)).toBe(1);
  });
});

describe('refused batches store nothing', () => {
  const refusals: [string, number, string, (ctx: { token: string; monitorId: string }) => Promise<Response>][] = [
    ['malformed JSON', 400, 'INVALID_INPUT', ({ token }) => postHeartbeats(token, '{"heartbeats": [')],
    ['a wrong shape', 400, 'INVALID_INPUT', ({ token }) => postHeartbeats(token, { beats: [] })],
    ['an empty batch', 400, 'INVALID_INPUT', ({ token }) => postHeartbeats(token, { heartbeats: [] })],
    ['a missing token', 401, 'UNAUTHORIZED', ({ monitorId }) => postHeartbeats(null, { heartbeats: [{ monitorId, time: at(base, 0), status: 'up' }] })],
    ['more than 1000 items', 413, 'PAYLOAD_TOO_LARGE', ({ token, monitorId }) =>
      postHeartbeats(token, { heartbeats: Array.from({ length: 1001 }, (_, i) => ({ monitorId, time: at(base, i), status: 'up' })) })],
    ['a body over 1 MiB', 413, 'PAYLOAD_TOO_LARGE', ({ token, monitorId }) =>
      postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, 0), status: 'up', errorMessage: 'x'.repeat(1024 * 1024) }] })],
    ['a non-JSON content type', 415, 'UNSUPPORTED_MEDIA_TYPE', ({ token, monitorId }) =>
      postHeartbeats(token, JSON.stringify({ heartbeats: [{ monitorId, time: at(base, 0), status: 'up' }] }), { 'content-type': 'text/plain' })],
  ];

  it.each(refusals)('%s → %i %s', async (_name, status, code, send) => {
    const { token, agentId, monitorIds } = await agentWithMonitors(1);
    const response = await send({ token, monitorId: monitorIds[0]! });
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
    expect(await heartbeatCount(agentId)).toBe(0);
  });

  it('names every bad item and field in details, and stores none of the batch', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(1);
    const monitorId = monitorIds[0];
    const response = await postHeartbeats(token, {
      heartbeats: [
        { monitorId, time: at(base, 0), status: 'up' },
        { monitorId, time: 'yesterday', status: 'up' },
        { monitorId, time: at(base, 2), status: 'sideways', latencyMs: -5 },
        { monitorId: 'nope', time: '2026-01-01T00:00:00', status: 'up' },
      ],
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'time' }),
        expect.objectContaining({ index: 2, field: 'status' }),
        expect.objectContaining({ index: 2, field: 'latencyMs' }),
        expect.objectContaining({ index: 3, field: 'monitorId' }),
        expect.objectContaining({ index: 3, field: 'time' }),
      ]),
    );
    expect(await heartbeatCount(agentId)).toBe(0);
  });

  it('answers an agent over its request rate with 429 and Retry-After', async () => {
    process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '3';
    resetEnvCache();
    try {
      const { token, agentId, monitorIds } = await agentWithMonitors(1);
      const monitorId = monitorIds[0];
      for (let i = 0; i < 3; i++) expect((await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, i), status: 'up' }] })).status).toBe(202);
      const refused = await postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, 9), status: 'up' }] });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe('RATE_LIMITED');
      expect(await heartbeatCount(agentId)).toBe(3);
    } finally {
      process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
      resetEnvCache();
    }
  });
});

describe('concurrency', () => {
  it('20 concurrent batches flipping the same monitors keep one unresolved incident per monitor, and end where a sequential replay ends', async () => {
    const concurrent = await agentWithMonitors(5, { failureThreshold: 2, recoveryThreshold: 1 });
    const sequential = await agentWithMonitors(5, { failureThreshold: 2, recoveryThreshold: 1 });
    // Batch k covers seconds 10k … 10k+9: down, down, down, up, down, down, up, up, down, down.
    const pattern = ['down', 'down', 'down', 'up', 'down', 'down', 'up', 'up', 'down', 'down'];
    const batches = (monitorIds: string[]) =>
      Array.from({ length: 20 }, (_, k) => ({
        heartbeats: monitorIds.flatMap((monitorId) => pattern.map((status, i) => ({ monitorId, time: at(base, k * 10 + i), status }))),
      }));

    let violations = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const [row] = await sql`
          SELECT count(*)::int AS n FROM (
            SELECT monitor_id FROM incidents WHERE resolved_at IS NULL GROUP BY monitor_id HAVING count(*) > 1) twice`;
        violations += row!.n as number;
      }
    })();
    const responses = await Promise.all(batches(concurrent.monitorIds).map((batch) => postHeartbeats(concurrent.token, batch)));
    watching = false;
    await watcher;
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(violations).toBe(0);

    for (const batch of batches(sequential.monitorIds)) await postHeartbeats(sequential.token, batch);

    for (let i = 0; i < 5; i++) {
      const [a, b] = [concurrent.monitorIds[i]!, sequential.monitorIds[i]!];
      // Each batch ends down: whichever commits last, the monitor is down with one open incident.
      expect((await monitorState(a))?.status).toBe((await monitorState(b))?.status);
      const unresolved = async (id: string) =>
        (await sql`SELECT count(*)::int AS n FROM incidents WHERE monitor_id = ${id} AND resolved_at IS NULL`)[0]!.n;
      expect(await unresolved(a)).toBe(1);
      expect(await unresolved(b)).toBe(1);
      const [bad] = await sql`SELECT count(*)::int AS n FROM incidents WHERE monitor_id = ${a} AND resolved_at IS NOT NULL AND (resolved_at < started_at OR ttr_seconds <> extract(epoch FROM resolved_at - started_at)::int)`;
      expect(bad?.n).toBe(0);
    }
    expect(await heartbeatCount(concurrent.agentId)).toBe(20 * 5 * 10);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

// Ingest reads a batch's monitors without locking them and writes their new state only
// where what it read is still there. These tests change a monitor under a batch in
// flight (holding the row, then committing) and check the batch notices and runs again
// the locked way, with the outcome a strictly ordered run would have.

const sql = testSql();
afterAll(() => sql.end());
beforeAll(() => {
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
});

const base = Date.now() - 3600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Run `change` in a transaction that holds the monitor's row while a batch is posted, then commits. */
async function underBatch(monitorId: string, change: (tx: typeof sql) => Promise<unknown>, post: () => Promise<Response>) {
  let response!: Promise<Response>;
  let waited = false;
  await sql.begin(async (tx) => {
    await change(tx as unknown as typeof sql);
    response = post();
    // The batch reads, stores its rows and then waits for this row to write the state.
    for (let i = 0; i < 50; i++) {
      const [waiting] = await sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      waited = (waiting!.n as number) > 0;
      if (waited) break;
      await sleep(50);
    }
  });
  // The batch did get to writing the state before the change committed.
  expect(waited).toBe(true);
  return response;
}

describe('ingest under a concurrent change', () => {
  it('a monitor paused while its failing batch is in flight stays paused, keeps the rows, and opens no incident', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(1, { failureThreshold: 2 });
    const monitorId = monitorIds[0]!;
    const response = await underBatch(
      monitorId,
      (tx) => tx`UPDATE monitors SET enabled = false, status = 'paused' WHERE id = ${monitorId}`,
      () => postHeartbeats(token, { heartbeats: [0, 1, 2].map((i) => ({ monitorId, time: at(base, i), status: 'down' })) }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const [monitor] = await sql`SELECT status, enabled FROM monitors WHERE id = ${monitorId}`;
    expect(monitor).toMatchObject({ status: 'paused', enabled: false });
    expect((await sql`SELECT 1 FROM heartbeats WHERE agent_id = ${agentId}`).length).toBe(3);
    expect((await sql`SELECT 1 FROM incidents WHERE monitor_id = ${monitorId}`).length).toBe(0);
  });

  it('a state moved on by someone else while the batch was in flight is built on, not overwritten', async () => {
    const { token, monitorIds } = await agentWithMonitors(1, { failureThreshold: 2 });
    const monitorId = monitorIds[0]!;
    // Someone else applied a failure at second 5 meanwhile; the batch brings one more at 6.
    const response = await underBatch(
      monitorId,
      (tx) => tx`UPDATE monitors SET status = 'pending', last_heartbeat_at = ${at(base, 5)}, streak_kind = 'fail', streak_count = 1, streak_started_at = ${at(base, 5)} WHERE id = ${monitorId}`,
      () => postHeartbeats(token, { heartbeats: [{ monitorId, time: at(base, 6), status: 'timeout' }] }),
    );
    expect(response.status).toBe(202);
    const [monitor] = await sql`SELECT status, streak_kind, streak_count FROM monitors WHERE id = ${monitorId}`;
    expect(monitor).toMatchObject({ status: 'down', streak_kind: 'fail', streak_count: 2 });
    const incidents = await sql`SELECT (extract(epoch FROM started_at) * 1000)::float8 AS ms FROM incidents WHERE monitor_id = ${monitorId}`;
    expect(incidents.map((row) => row.ms)).toEqual([Date.parse(at(base, 5))]);
  });
});

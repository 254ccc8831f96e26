import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db';
import { withMigrationConnection } from '@/db/migration-connection';
import { loadMigrations, migrateUp } from '@/db/migrator';
import { resetEnvCache } from '@/lib/env';
import { deleteExpiredHeartbeats } from '@/lib/retention/delete-expired';
import { partmanState, prepareHeartbeatPartitions } from '@/lib/retention/partitions';
import { agentWithMonitors } from '../helpers/ingest';
import { startDebianPostgres, type DebianPostgres } from '../helpers/standby';
import { weekName } from '../helpers/weeks';

// Where pg_partman is installed (Debian's postgresql-15-partman, on Debian's PostgreSQL 15,
// started here), the leader hands heartbeats over to it: pg_partman makes the weeks ahead,
// the leader still splits the default partition and does retention (partitions.test.ts drops
// whole weeks). The database starts in the layout before partitions, with history, so the
// partition holding it (from MINVALUE) is there too: pg_partman's own retention could not
// handle that one, nor its create_parent a week overlapping it.

const DAY = 86_400_000;
const originalUrl = process.env.DATABASE_URL;
let server: DebianPostgres;
let sql: postgres.Sql;

beforeAll(async () => {
  server = await startDebianPostgres('watchpost');
  sql = postgres(server.url, { max: 1, onnotice: () => undefined });
  await sql`CREATE SCHEMA partman`;
  await sql`CREATE EXTENSION pg_partman SCHEMA partman`;
  const migrations = loadMigrations();
  const partitioning = migrations.findIndex((m) => m.tag === '0036_heartbeats_partition_bound');
  await withMigrationConnection(server.url, (conn) => migrateUp(conn, migrations.slice(0, partitioning)));
  // Ten days of history for one monitor, in the one table.
  const [user] = await sql`INSERT INTO users (email, password_hash, plan) VALUES ('history@example.com', 'x', 'pro') RETURNING id`;
  const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${user!.id}, 'probe', '\\x00') RETURNING id`;
  const [monitor] = await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${agent!.id}, 'old', 'http', 'https://example.com') RETURNING id`;
  await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) SELECT now() - make_interval(hours => n), ${monitor!.id}, ${agent!.id}, 'up' FROM generate_series(1, 240) n`;
  await withMigrationConnection(server.url, (conn) => migrateUp(conn));
  process.env.DATABASE_URL = server.url;
  resetEnvCache();
  await closeDatabase();
}, 180_000);

afterAll(async () => {
  await closeDatabase();
  await sql?.end();
  server?.stop();
  process.env.DATABASE_URL = originalUrl;
  resetEnvCache();
});

const partitions = async () =>
  (await sql<{ name: string; range_from: Date; range_to: Date }[]>`SELECT name, range_from, range_to FROM watchpost_heartbeat_partitions() ORDER BY range_from`).map((p) => ({
    name: p.name,
    from: p.range_from.getTime(),
    to: p.range_to.getTime(),
  }));

describe('pg_partman', () => {
  it('takes heartbeats over and makes the weeks ahead, while the leader still splits the default partition and does retention', async () => {
    expect(await partmanState()).toEqual({ schema: 'partman', managing: false });
    const { agentId, monitorIds } = await agentWithMonitors(1);
    await prepareHeartbeatPartitions();
    expect(await partmanState()).toEqual({ schema: 'partman', managing: true });
    const [config] = await sql`
      SELECT partition_interval, partition_type, premake, infinite_time_partitions, retention, control FROM partman.part_config WHERE parent_table = 'public.heartbeats'`;
    expect(config).toEqual({ partition_interval: '7 days', partition_type: 'native', premake: 2, infinite_time_partitions: true, retention: null, control: 'time' });
    const [defaults] = await sql`
      SELECT array_agg(c.relname::text) AS names FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'heartbeats'::regclass AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'`;
    expect(defaults!.names).toEqual(['heartbeats_default']);
    // The history is still the partition from MINVALUE, and every week has pg_partman's name.
    const list = await partitions();
    expect(list[0]!.name).toMatch(/^heartbeats_before_\d{8}$/);
    for (const week of list.slice(1)) expect(week.name).toBe(weekName(week.from));

    // pg_partman makes the weeks ahead on its own (as its background worker would): drop the
    // last week ahead, and its maintenance alone brings it back, under its name.
    const thisWeek = list.find((p) => p.to > Date.now())!; // the history, or this week
    const ahead = list.filter((p) => p.from >= thisWeek.to);
    expect(ahead.slice(0, 2).map((p) => p.name)).toEqual([weekName(thisWeek.to), weekName(thisWeek.to + 7 * DAY)]);
    await sql.unsafe(`DROP TABLE ${ahead.at(-1)!.name}`);
    await sql`SET TimeZone = 'UTC'`;
    await sql`SELECT partman.run_maintenance('public.heartbeats', p_analyze := false, p_jobmon := false)`;
    expect((await partitions()).filter((p) => p.from >= thisWeek.to)).toEqual(ahead);

    // A row beyond the weeks made ahead waits in pg_partman's default partition until the
    // leader splits it into its week; one from 400 days ago lands in the history's partition,
    // which takes everything before its bound.
    const far = Math.floor((Date.now() + 60 * DAY) / 1000) * 1000;
    const old = Math.floor((Date.now() - 400 * DAY) / 1000) * 1000;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (${new Date(far)}, ${monitorIds[0]!}, ${agentId}, 'up'), (${new Date(old)}, ${monitorIds[0]!}, ${agentId}, 'up')`;
    const placement = async () =>
      (await sql`SELECT (extract(epoch FROM time) * 1000)::float8 AS ms, tableoid::regclass::text AS partition FROM heartbeats WHERE monitor_id = ${monitorIds[0]!} ORDER BY time`).map((r) => ({
        ms: Number(r.ms),
        partition: r.partition as string,
      }));
    expect(await placement()).toEqual([
      { ms: old, partition: list[0]!.name },
      { ms: far, partition: 'heartbeats_default' },
    ]);
    expect(await prepareHeartbeatPartitions()).toEqual([weekName(far)]);
    expect(await placement()).toEqual([
      { ms: old, partition: list[0]!.name },
      { ms: far, partition: weekName(far) },
    ]);
    // pg_partman 4.7 makes no week ahead behind a later one (it looks at the newest week only);
    // the leader's round still does.
    await sql.unsafe(`DROP TABLE ${ahead[1]!.name}`);
    await prepareHeartbeatPartitions();
    expect((await partitions()).filter((p) => p.from >= thisWeek.to && p.from < far - 7 * DAY)).toEqual(ahead);

    // Retention is still the leader's: the row of 400 days ago goes, the history's other rows
    // stay (they are 10 days old), and pg_partman's maintenance still runs after it.
    expect(await deleteExpiredHeartbeats()).toBe(1);
    expect((await placement()).map((p) => p.ms)).toEqual([far]);
    const [history] = await sql`SELECT count(*)::int AS n FROM heartbeats WHERE time < now() AND time > now() - INTERVAL '11 days'`;
    expect(history!.n).toBe(240);
    await sql`SELECT partman.run_maintenance('public.heartbeats', p_analyze := false, p_jobmon := false)`;
    expect(await prepareHeartbeatPartitions()).toEqual([]);
  });
});

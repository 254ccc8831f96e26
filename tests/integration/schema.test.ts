import { afterAll, describe, expect, it } from 'vitest';
import { testSql } from '../helpers/sql';

// The seed schema (../shared/SEED-SCHEMA.md) is a contract: operators' scripts write rows
// with only its columns. This reads the migrated database back and compares.

const sql = testSql();
afterAll(() => sql.end());

type Column = [name: string, type: string, nullable: boolean, defaultPattern: RegExp | null];

const seed: Record<string, Column[]> = {
  users: [
    ['id', 'uuid', false, /^gen_random_uuid\(\)$/],
    ['email', 'character varying(255)', false, null],
    ['password_hash', 'character varying(255)', false, null],
    ['plan', 'character varying(20)', true, /^'free'::character varying$/],
    ['created_at', 'timestamp with time zone', true, /^now\(\)$/],
    ['updated_at', 'timestamp with time zone', true, /^now\(\)$/],
  ],
  agents: [
    ['id', 'uuid', false, /^gen_random_uuid\(\)$/],
    ['user_id', 'uuid', true, null],
    ['name', 'character varying(255)', false, null],
    ['api_key_encrypted', 'bytea', false, null],
    ['last_seen_at', 'timestamp with time zone', true, null],
    ['status', 'character varying(20)', true, /^'offline'::character varying$/],
    ['created_at', 'timestamp with time zone', true, /^now\(\)$/],
  ],
  monitors: [
    ['id', 'uuid', false, /^gen_random_uuid\(\)$/],
    ['agent_id', 'uuid', true, null],
    ['name', 'character varying(255)', false, null],
    ['type', 'character varying(50)', false, null],
    ['target', 'character varying(500)', false, null],
    ['interval_seconds', 'integer', true, /^30$/],
    ['timeout_seconds', 'integer', true, /^10$/],
    ['status', 'character varying(20)', true, /^'unknown'::character varying$/],
    ['enabled', 'boolean', true, /^true$/],
    ['created_at', 'timestamp with time zone', true, /^now\(\)$/],
  ],
  heartbeats: [
    ['time', 'timestamp with time zone', false, null],
    ['monitor_id', 'uuid', false, null],
    ['agent_id', 'uuid', false, null],
    ['status', 'character varying(20)', false, null],
    ['latency_ms', 'integer', true, null],
    ['error_message', 'text', true, null],
  ],
  incidents: [
    ['id', 'uuid', false, /^gen_random_uuid\(\)$/],
    ['monitor_id', 'uuid', true, null],
    ['started_at', 'timestamp with time zone', false, null],
    ['resolved_at', 'timestamp with time zone', true, null],
    ['ttr_seconds', 'integer', true, null],
    ['acknowledged_by', 'uuid', true, null],
    ['acknowledged_at', 'timestamp with time zone', true, null],
    ['status', 'character varying(20)', true, /^'open'::character varying$/],
    ['created_at', 'timestamp with time zone', true, /^now\(\)$/],
  ],
};

// [table, column, referenced table, referenced column, ON DELETE]
const seedForeignKeys = [
  ['agents', 'user_id', 'users', 'id', 'CASCADE'],
  ['monitors', 'agent_id', 'agents', 'id', 'CASCADE'],
  ['heartbeats', 'monitor_id', 'monitors', 'id', 'CASCADE'],
  ['incidents', 'monitor_id', 'monitors', 'id', 'CASCADE'],
  ['incidents', 'acknowledged_by', 'users', 'id', 'NO ACTION'],
  ['usage_events', 'user_id', 'users', 'id', 'CASCADE'],
];

async function columnsOf(table: string) {
  return sql<{ name: string; type: string; nullable: boolean; default: string | null }[]>`
    SELECT a.attname AS name,
           format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable,
           pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = ${`public.${table}`}::regclass AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum`;
}

describe('the seed schema after migrating', () => {
  it('has all seven seed tables', async () => {
    const rows = await sql<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`;
    const tables = rows.map((r) => r.table_name);
    for (const table of ['users', 'agents', 'monitors', 'heartbeats', 'incidents', 'usage_events', 'waitlist_signups']) {
      expect(tables).toContain(table);
    }
  });

  for (const [table, expected] of Object.entries(seed)) {
    it(`${table}: every seed column has the seed's type, nullability and default`, async () => {
      const actual = new Map((await columnsOf(table)).map((c) => [c.name, c]));
      for (const [name, type, nullable, defaultPattern] of expected) {
        const column = actual.get(name);
        expect(column, `${table}.${name} exists`).toBeDefined();
        expect(column?.type, `${table}.${name} type`).toBe(type);
        expect(column?.nullable, `${table}.${name} nullability`).toBe(nullable);
        if (defaultPattern) expect(column?.default ?? '', `${table}.${name} default`).toMatch(defaultPattern);
        else expect(column?.default, `${table}.${name} has no default`).toBeNull();
      }
    });

    it(`${table}: columns added beyond the seed are nullable or have a default`, async () => {
      const seedNames = new Set(expected.map(([name]) => name));
      const extra = (await columnsOf(table)).filter((c) => !seedNames.has(c.name));
      for (const column of extra) {
        expect(column.nullable || column.default !== null, `${table}.${column.name}`).toBe(true);
      }
    });
  }

  it('has every seed foreign key with its ON DELETE rule', async () => {
    // From pg_constraint: information_schema's joins by constraint name take half a minute
    // once every weekly heartbeat partition carries its copy of the foreign key.
    const rows = await sql<{ tbl: string; col: string; ref_tbl: string; ref_col: string; on_delete: string }[]>`
      SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref_tbl, af.attname AS ref_col,
             CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'r' THEN 'RESTRICT' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END AS on_delete
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`;
    const actual = rows.map((r) => [r.tbl, r.col, r.ref_tbl, r.ref_col, r.on_delete]);
    for (const fk of seedForeignKeys) expect(actual).toContainEqual(fk);
  });

  it('has the unique constraints: users.email, waitlist e-mail, one heartbeat per monitor and time', async () => {
    const rows = await sql<{ tbl: string; cols: string }[]>`
      SELECT tc.table_name AS tbl, string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) AS cols
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu
        ON kcu.constraint_name = tc.constraint_name AND kcu.constraint_schema = tc.constraint_schema
      WHERE tc.table_schema = 'public' AND tc.constraint_type = 'UNIQUE'
      GROUP BY tc.table_name, tc.constraint_name`;
    const actual = rows.map((r) => `${r.tbl}(${r.cols})`);
    expect(actual).toEqual(
      expect.arrayContaining(['users(email)', 'waitlist_signups(email)', 'heartbeats(monitor_id,time)']),
    );
  });

  it('refuses a second user with the same e-mail and a second heartbeat for the same monitor and time', async () => {
    const [first] = await sql`INSERT INTO users (email, password_hash) VALUES ('dup@example.com', 'x') RETURNING plan`;
    expect(first?.plan).toBe('free');
    await expect(sql`INSERT INTO users (email, password_hash) VALUES ('dup@example.com', 'y')`).rejects.toThrow(
      /users_email_unique/,
    );
    const [row] = await sql`SELECT count(*)::int AS count FROM users WHERE email = 'dup@example.com'`;
    expect(row?.count).toBe(1);

    const [user] = await sql`INSERT INTO users (email, password_hash) VALUES ('hb@example.com', 'x') RETURNING id`;
    const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${user!.id}, 'a', '\\x00') RETURNING id`;
    const [monitor] = await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${agent!.id}, 'm', 'http', 'http://x') RETURNING id`;
    const time = '2026-01-01T00:00:00Z';
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (${time}, ${monitor!.id}, ${agent!.id}, 'up')`;
    await expect(
      sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (${time}, ${monitor!.id}, ${agent!.id}, 'down')`,
    ).rejects.toThrow(/heartbeats_(\w+_)?monitor_id_time_key/);
    const inserted = await sql`
      INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (${time}, ${monitor!.id}, ${agent!.id}, 'down')
      ON CONFLICT (monitor_id, time) DO NOTHING RETURNING 1`;
    expect(inserted).toHaveLength(0);
  });

  it('serves "newest heartbeats of a monitor" from the (monitor_id, time) index', async () => {
    const plan = await sql.begin(async (tx) => {
      // With the alternatives priced out, the plan shows whether the index alone can
      // deliver the rows in time DESC order (an empty table would otherwise plan anything).
      await tx`SET LOCAL enable_seqscan = off`;
      await tx`SET LOCAL enable_bitmapscan = off`;
      await tx`SET LOCAL enable_sort = off`;
      return tx<{ 'QUERY PLAN': string }[]>`
        EXPLAIN SELECT time, status FROM heartbeats
        WHERE monitor_id = '00000000-0000-0000-0000-000000000000' ORDER BY time DESC LIMIT 100`;
    });
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    // Partitioned by week on plain PostgreSQL: each week's copy of the index.
    expect(text).toMatch(/Index Scan Backward using heartbeats_(\w+_)?monitor_id_time_key/);
  });

  it('deleting a user removes everything they own', async () => {
    const [user] = await sql`INSERT INTO users (email, password_hash) VALUES ('gone@example.com', 'x') RETURNING id`;
    const [agent] = await sql`INSERT INTO agents (user_id, name, api_key_encrypted) VALUES (${user!.id}, 'a', '\\x00') RETURNING id`;
    const [monitor] = await sql`INSERT INTO monitors (agent_id, name, type, target) VALUES (${agent!.id}, 'm', 'tcp', 'x:1') RETURNING id`;
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now(), ${monitor!.id}, ${agent!.id}, 'up')`;
    await sql`INSERT INTO incidents (monitor_id, started_at) VALUES (${monitor!.id}, now())`;
    await sql`INSERT INTO usage_events (user_id, resource, kind, used, "limit", plan) VALUES (${user!.id}, 'monitors', 'approaching', 8, 10, 'free')`;

    await sql`DELETE FROM users WHERE id = ${user!.id}`;

    const [left] = await sql`
      SELECT (SELECT count(*) FROM agents WHERE id = ${agent!.id})::int AS agents,
             (SELECT count(*) FROM monitors WHERE id = ${monitor!.id})::int AS monitors,
             (SELECT count(*) FROM heartbeats WHERE monitor_id = ${monitor!.id})::int AS heartbeats,
             (SELECT count(*) FROM incidents WHERE monitor_id = ${monitor!.id})::int AS incidents,
             (SELECT count(*) FROM usage_events WHERE user_id = ${user!.id})::int AS usage_events`;
    expect(left).toEqual({ agents: 0, monitors: 0, heartbeats: 0, incidents: 0, usage_events: 0 });
  });
});

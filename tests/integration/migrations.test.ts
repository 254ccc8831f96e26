import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { withMigrationConnection } from '@/db/migration-connection';
import { loadMigrations, migrateDown, migrateUp, migrationStatus, type Migration } from '@/db/migrator';
import { emptyDatabase } from '../helpers/empty-database';

// Runs on a database of its own that starts empty (not a copy of the migrated template).

const database = emptyDatabase('migrations');
const { url, sql } = database;

const migrations = loadMigrations();
const up = () => withMigrationConnection(url, (conn) => migrateUp(conn));
const down = () => withMigrationConnection(url, (conn) => migrateDown(conn));
const tables = async () =>
  (await sql<{ t: string }[]>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)
    .map((r) => r.t)
    .filter((t) => t !== 'watchpost_migrations')
    .sort();

describe('migrations', () => {
  it("come in the seed's order, each with a down script that does something", () => {
    expect(migrations.map((m) => m.tag)).toEqual([
      '0000_users',
      '0001_agents',
      '0002_monitors',
      '0003_heartbeats_hypertable',
      '0004_incidents',
      '0005_user_plan',
      '0006_waitlist',
      ...migrations.slice(7).map((m) => m.tag),
    ]);
    for (const migration of migrations) {
      const statements = (migration.down ?? '').replace(/--.*$/gm, '').trim();
      expect(statements, `drizzle/${migration.tag}.down.sql`).not.toBe('');
    }
  });

  it('go up from empty, down all the way, and up again, keeping data where they should', async () => {
    expect(await up()).toEqual(migrations.map((m) => m.tag));
    expect(await tables()).toEqual(
      expect.arrayContaining(['agents', 'heartbeats', 'incidents', 'monitors', 'usage_events', 'users', 'waitlist_signups']),
    );
    expect(await up()).toEqual([]);
    // New connections do without JIT compilation (0038: it cost seconds per window read).
    const fresh = postgres(url, { max: 1, onnotice: () => undefined });
    expect((await fresh`SELECT current_setting('jit') AS jit`)[0]!.jit).toBe('off');
    await fresh.end();

    // Back to the seed's seven migrations: exactly the seed's tables.
    const later = migrations.slice(7).reverse();
    for (const migration of later) expect(await down()).toBe(migration.tag);
    expect(await tables()).toEqual(
      ['agents', 'heartbeats', 'incidents', 'monitors', 'usage_events', 'users', 'waitlist_signups'].sort(),
    );

    await sql`INSERT INTO users (email, password_hash, plan) VALUES ('keep@example.com', 'hash', 'pro')`;
    await sql`INSERT INTO waitlist_signups (email, source) VALUES ('beta@example.com', 'landing')`;

    // Roll back only the waitlist: the users are untouched.
    expect(await down()).toBe('0006_waitlist');
    expect(await tables()).not.toContain('waitlist_signups');
    expect(await sql`SELECT email, plan FROM users`).toEqual([{ email: 'keep@example.com', plan: 'pro' }]);

    // Roll back the plan column: the user survives without it, and gets the default back.
    expect(await down()).toBe('0005_user_plan');
    expect(await sql`SELECT email FROM users`).toEqual([{ email: 'keep@example.com' }]);
    expect(await up()).toEqual(['0005_user_plan', '0006_waitlist', ...migrations.slice(7).map((m) => m.tag)]);
    expect(await sql`SELECT email, plan FROM users`).toEqual([{ email: 'keep@example.com', plan: 'free' }]);

    // All the way down: nothing of Watchpost is left.
    for (const migration of [...migrations].reverse()) expect(await down()).toBe(migration.tag);
    expect(await down()).toBeNull();
    expect(await tables()).toEqual([]);

    expect(await up()).toEqual(migrations.map((m) => m.tag));
    const status = await withMigrationConnection(url, (conn) => migrationStatus(conn));
    expect(status.every((s) => s.applied)).toBe(true);
  });

  it('refuse to run when an applied migration was edited, and change nothing', async () => {
    const edited: Migration[] = migrations.map((m, i) =>
      i === 0 ? { ...m, up: `${m.up}\n-- edited`, hash: 'edited' } : m,
    );
    await expect(withMigrationConnection(url, (conn) => migrateUp(conn, edited))).rejects.toThrow(
      /0000_users was changed after it was applied/,
    );
    await expect(withMigrationConnection(url, (conn) => migrateDown(conn, edited))).rejects.toThrow(/changed/);
    expect((await withMigrationConnection(url, (conn) => migrationStatus(conn))).every((s) => s.applied)).toBe(true);
  });

  it('refuse to run against a database migrated by a newer version', async () => {
    await expect(withMigrationConnection(url, (conn) => migrateUp(conn, migrations.slice(0, 3)))).rejects.toThrow(
      /does not know/,
    );
  });

  it('roll a failing migration back completely', async () => {
    const broken: Migration = {
      tag: '9999_broken',
      up: 'CREATE TABLE half_done (id int);\n--> statement-breakpoint\nSELECT no_such_function();',
      down: 'DROP TABLE half_done;',
      hash: 'broken',
    };
    await expect(withMigrationConnection(url, (conn) => migrateUp(conn, [...migrations, broken]))).rejects.toThrow(
      /9999_broken failed and was rolled back/,
    );
    expect(await tables()).not.toContain('half_done');
    const status = await withMigrationConnection(url, (conn) => migrationStatus(conn, [...migrations, broken]));
    expect(status.at(-1)).toEqual({ tag: '9999_broken', applied: false });
  });

  it('keep the rollup marks waiting when 0041 makes one mark per statement, and when it is rolled back', async () => {
    await up();
    const from = migrations.findIndex((m) => m.tag === '0041_rollup_marks_per_statement');
    for (const migration of migrations.slice(from).reverse()) expect(await down()).toBe(migration.tag);
    const [a, b] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    // Two statements marked monitor a's hour, one marked b's (an UPDATE: -infinity).
    await sql`INSERT INTO rollup_pending (monitor_id, hour, earliest) VALUES
      (${a}, '2026-03-01T10:00:00Z', '2026-03-01T10:20:00Z'), (${a}, '2026-03-01T10:00:00Z', '2026-03-01T10:05:00Z'),
      (${b}, '2026-03-01T10:00:00Z', '-infinity')`;
    const pairs = [
      { monitor_id: a, hour: '2026-03-01 10:00:00+00', earliest: '2026-03-01 10:05:00+00' },
      { monitor_id: b, hour: '2026-03-01 10:00:00+00', earliest: '-infinity' },
    ];
    expect(await up()).toEqual(migrations.slice(from).map((m) => m.tag));
    expect(await sql`SELECT pairs FROM rollup_pending`).toEqual([{ pairs: 2 }]);
    expect(await sql`SELECT u.monitor_id, u.hour::text, u.earliest::text FROM rollup_pending p, unnest(p.monitor_ids, p.hours, p.earliest) AS u(monitor_id, hour, earliest)
                     ORDER BY u.monitor_id`).toEqual(pairs);
    for (const migration of migrations.slice(from).reverse()) expect(await down()).toBe(migration.tag);
    expect(await sql`SELECT monitor_id, hour::text, earliest::text FROM rollup_pending ORDER BY monitor_id`).toEqual(pairs);
    await sql`DELETE FROM rollup_pending`;
    await up();
  });

  it('apply once when several instances migrate at the same time', async () => {
    for (const _ of migrations) await down();
    const results = await Promise.all([up(), up(), up()]);
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.tag).sort());
  });
});

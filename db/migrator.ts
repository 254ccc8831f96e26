import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Applies the migrations that drizzle-kit generated in drizzle/ (in the order of its
// journal), each in its own transaction, and rolls them back with the `<tag>.down.sql`
// beside each one. drizzle-kit has no down migrations, hence this small runner.
// It talks to the database through `MigrationConnection` so the same code runs on
// postgres.js (the app) and on PGlite (the TimescaleDB test).

export interface MigrationConnection {
  /** Run one or more statements without parameters. */
  exec(sqlText: string): Promise<void>;
  /** Run one statement with bound parameters and return its rows. */
  query<Row extends Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<Row[]>;
}

export interface Migration {
  tag: string;
  up: string;
  down: string | null;
  hash: string;
}

export const MIGRATIONS_DIR = path.join(process.cwd(), 'drizzle');
const TABLE = 'watchpost_migrations';
// Any constant works; it only has to be the same in every instance that migrates.
const LOCK_KEY = 727_001;

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const up = readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
      const downPath = path.join(dir, `${tag}.down.sql`);
      return {
        tag,
        up,
        down: existsSync(downPath) ? readFileSync(downPath, 'utf8') : null,
        hash: createHash('sha256').update(up).digest('hex'),
      };
    });
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

async function withLock<T>(conn: MigrationConnection, fn: () => Promise<T>): Promise<T> {
  // Several app instances may boot at once; only one migrates, the others wait and then
  // find nothing pending.
  await conn.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await conn.exec(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (
        tag text PRIMARY KEY,
        hash text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    return await fn();
  } finally {
    await conn.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}

async function appliedTags(conn: MigrationConnection): Promise<Map<string, string>> {
  const rows = await conn.query<{ tag: string; hash: string }>(`SELECT tag, hash FROM ${TABLE}`);
  return new Map(rows.map((row) => [row.tag, row.hash]));
}

function checkHistory(migrations: Migration[], applied: Map<string, string>): void {
  const known = new Set(migrations.map((m) => m.tag));
  const unknown = [...applied.keys()].filter((tag) => !known.has(tag));
  if (unknown.length > 0) {
    throw new MigrationError(
      `The database has migration ${unknown.join(', ')} that this version of Watchpost does not know: it was migrated by a newer version. Run that version, or roll the database back with it.`,
    );
  }
  for (const migration of migrations) {
    const hash = applied.get(migration.tag);
    if (hash !== undefined && hash !== migration.hash) {
      throw new MigrationError(
        `Migration ${migration.tag} was changed after it was applied to this database. Applied migrations must never be edited: restore drizzle/${migration.tag}.sql and put the change in a new migration.`,
      );
    }
  }
}

async function inTransaction(conn: MigrationConnection, tag: string, fn: () => Promise<void>) {
  await conn.exec('BEGIN');
  try {
    await fn();
    await conn.exec('COMMIT');
  } catch (error) {
    await conn.exec('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${tag} failed and was rolled back: ${reason}`, { cause: error });
  }
}

/** Apply every pending migration in order; returns the tags applied. */
export async function migrateUp(conn: MigrationConnection, migrations = loadMigrations()): Promise<string[]> {
  return withLock(conn, async () => {
    const applied = await appliedTags(conn);
    checkHistory(migrations, applied);
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.tag)) continue;
      await inTransaction(conn, migration.tag, async () => {
        await conn.exec(migration.up);
        await conn.query(`INSERT INTO ${TABLE} (tag, hash) VALUES ($1, $2)`, [migration.tag, migration.hash]);
      });
      done.push(migration.tag);
    }
    return done;
  });
}

/** Roll back exactly the last applied migration; returns its tag, or null if none was applied. */
export async function migrateDown(conn: MigrationConnection, migrations = loadMigrations()): Promise<string | null> {
  return withLock(conn, async () => {
    const applied = await appliedTags(conn);
    checkHistory(migrations, applied);
    const last = [...migrations].reverse().find((m) => applied.has(m.tag));
    if (!last) return null;
    if (!last.down) {
      throw new MigrationError(`Migration ${last.tag} has no down script (drizzle/${last.tag}.down.sql).`);
    }
    const down = last.down;
    await inTransaction(conn, last.tag, async () => {
      await conn.exec(down);
      await conn.query(`DELETE FROM ${TABLE} WHERE tag = $1`, [last.tag]);
    });
    return last.tag;
  });
}

export interface MigrationStatus {
  tag: string;
  applied: boolean;
}

export async function migrationStatus(conn: MigrationConnection, migrations = loadMigrations()): Promise<MigrationStatus[]> {
  return withLock(conn, async () => {
    const applied = await appliedTags(conn);
    return migrations.map((m) => ({ tag: m.tag, applied: applied.has(m.tag) }));
  });
}

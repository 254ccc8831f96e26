import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createGunzip, createGzip } from 'node:zlib';
import postgres from 'postgres';
import { withMigrationConnection } from './migration-connection';
import { loadMigrations, migrateUp } from './migrator';

// `npm run admin -- backup FILE` and `restore FILE`: every Watchpost table, read in one
// REPEATABLE READ snapshot (consistent without stopping the app), as gzip'ed text: a header
// (the migration level and each table's columns), each table's rows in COPY's text format
// ended by a line `\.`, and a trailer with each table's row count. Restoring migrates an
// empty database to the backup's level and loads every table in one transaction, parents
// before children, with the tables' own triggers off (the rollups come back as they were).
//
// Not pg_dump's custom format: the embedded PostgreSQL (18) ships no pg_dump, and Debian's
// pg_dump 15 refuses a newer server; this needs no PostgreSQL program at all. The secrets
// (AUTH_SECRET, WATCHPOST_ENCRYPTION_KEY, or the embedded data directory's secrets.json) are
// not in it: keep them apart, as the encrypted agent keys and channel secrets need them.

const MAGIC = 'WATCHPOST-BACKUP 1';

interface TableHeader {
  name: string;
  columns: string[];
}

interface BackupHeader {
  createdAt: string;
  postgres: string;
  migrations: string[];
  tables: TableHeader[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
}

export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Watchpost's tables (not partitions, not TimescaleDB's chunks, not the migrations' bookkeeping) with their stored columns. */
async function tablesOf(sql: postgres.Sql | postgres.TransactionSql): Promise<TableHeader[]> {
  const rows = await sql<{ name: string; columns: string[] }[]>`
    SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'watchpost_migrations'
    GROUP BY c.relname
    ORDER BY c.relname`;
  return rows.map((row) => ({ name: row.name, columns: [...row.columns] }));
}

/** The tables in an order where each comes after every table its foreign keys point at. */
async function parentsFirst(sql: postgres.Sql | postgres.TransactionSql, tables: TableHeader[]): Promise<TableHeader[]> {
  const edges = await sql<{ child: string; parent: string }[]>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid <> c.confrelid
      AND c.connamespace = 'public'::regnamespace AND c.conparentid = 0`;
  const names = new Set(tables.map((table) => table.name));
  const parents = new Map<string, Set<string>>(tables.map((table) => [table.name, new Set()]));
  for (const { child, parent } of edges) if (names.has(child) && names.has(parent)) parents.get(child)!.add(parent);
  const ordered: TableHeader[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table.name) && [...parents.get(table.name)!].every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new BackupError('The tables\' foreign keys form a cycle: no order loads them.');
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

async function write(out: NodeJS.WritableStream, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Write a backup of the database at `url` to `file` (through a temporary file: a failed backup leaves no half file). */
export async function backupDatabase(url: string, file: string): Promise<BackupSummary> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial);
  const piped = new Promise<void>((resolve, reject) => {
    gzip.pipe(out).once('finish', resolve).once('error', reject);
    gzip.once('error', reject);
  });
  try {
    let rows = 0;
    const counts: Record<string, number> = {};
    const header = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [{ version }] = (await tx`SHOW server_version`) as unknown as [{ version: string }];
      const hasMigrations = (await tx`SELECT to_regclass('public.watchpost_migrations') IS NOT NULL AS present`)[0]!.present as boolean;
      if (!hasMigrations) throw new BackupError('This database holds no Watchpost tables (it was never migrated): nothing to back up.');
      const applied = new Set((await tx<{ tag: string }[]>`SELECT tag FROM watchpost_migrations`).map((row) => row.tag));
      const tables = await parentsFirst(tx, await tablesOf(tx));
      const made: BackupHeader = { createdAt: new Date().toISOString(), postgres: version, migrations: loadMigrations().map((m) => m.tag).filter((tag) => applied.has(tag)), tables };
      if (made.migrations.length !== applied.size) throw new BackupError('The database was migrated by a newer version of Watchpost: back it up with that version.');
      await write(gzip, `${MAGIC}\n${JSON.stringify(made)}\n`);
      for (const table of tables) {
        const copy = await tx.unsafe(`COPY (SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}) TO STDOUT`).readable();
        let count = 0;
        for await (const chunk of copy as AsyncIterable<Buffer>) {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
          await write(gzip, chunk);
        }
        await write(gzip, '\\.\n');
        counts[table.name] = count;
        rows += count;
      }
      return made;
    });
    await write(gzip, `${JSON.stringify({ rows: counts })}\n`);
    gzip.end();
    await piped;
    await rename(partial, file);
    return { tables: header.tables.length, rows };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The backup's lines, read from its gzip stream; the data in chunks of whole lines. */
class LineReader {
  private buffer = '';
  private readonly iterator: AsyncIterator<Buffer>;
  private done = false;

  constructor(stream: AsyncIterable<Buffer>) {
    this.iterator = stream[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buffer += next.value.toString('utf8');
    return true;
  }

  async line(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\n');
      if (end !== -1) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 1);
        return line;
      }
      if (!(await this.fill())) throw new BackupError('The backup ends too early: the file is cut short.');
    }
  }

  /** The lines up to the line `\.` (not included), in chunks of whole lines, and how many. */
  async *section(): AsyncGenerator<string> {
    for (;;) {
      // A line `\.` can only be the end: a backslash in the data is written `\\`.
      const end = this.buffer.startsWith('\\.\n') ? 0 : this.buffer.indexOf('\n\\.\n');
      if (end !== -1) {
        const upTo = end === 0 ? 0 : end + 1;
        if (upTo > 0) yield this.buffer.slice(0, upTo);
        this.buffer = this.buffer.slice(upTo + 3);
        return;
      }
      const lastLine = this.buffer.lastIndexOf('\n');
      // Keep the last (maybe partial) line and a possible start of the marker in the buffer.
      if (lastLine > 0) {
        yield this.buffer.slice(0, lastLine + 1);
        this.buffer = this.buffer.slice(lastLine + 1);
      }
      if (!(await this.fill())) throw new BackupError('The backup ends too early: the file is cut short.');
    }
  }
}

/**
 * Restore `file` into the database at `url`: migrated to the backup's level if need be, then
 * every table loaded in one transaction (all or nothing). A database holding any Watchpost
 * row is refused unless `force`, which empties it first (in the same transaction).
 */
export async function restoreDatabase(url: string, file: string, { force = false } = {}): Promise<BackupSummary> {
  const input = createReadStream(file).pipe(createGunzip());
  const reader = new LineReader(input);
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    let header: BackupHeader;
    try {
      if ((await reader.line()) !== MAGIC) throw new BackupError(`${file} is not a Watchpost backup.`);
      header = JSON.parse(await reader.line()) as BackupHeader;
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw new BackupError(`${file} is not a Watchpost backup (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
    const known = loadMigrations();
    const level = header.migrations.length;
    if (level > known.length || header.migrations.some((tag, index) => known[index]!.tag !== tag)) {
      throw new BackupError('The backup was made by a newer version of Watchpost: restore it with that version (or a later one).');
    }
    const hasMigrations = (await sql`SELECT to_regclass('public.watchpost_migrations') IS NOT NULL AS present`)[0]!.present as boolean;
    const applied = hasMigrations ? (await sql<{ tag: string }[]>`SELECT tag FROM watchpost_migrations`).length : 0;
    if (applied > level) throw new BackupError(`The database is migrated past the backup (${applied} migrations against its ${level}): restore into an empty database.`);
    const existing = hasMigrations ? await tablesOf(sql) : [];
    const nonEmpty: string[] = [];
    for (const table of existing) if ((await sql.unsafe(`SELECT EXISTS (SELECT 1 FROM ${quote(table.name)}) AS rows`))[0]!.rows) nonEmpty.push(table.name);
    if (nonEmpty.length > 0 && !force) {
      throw new BackupError(`The database is not empty (${nonEmpty.slice(0, 5).join(', ')}${nonEmpty.length > 5 ? ', …' : ''} have rows): restore into an empty database, or add --force to replace everything in it.`);
    }
    if (applied < level) await withMigrationConnection(url, (conn) => migrateUp(conn, known.slice(0, level)));

    let rows = 0;
    await sql.begin(async (tx) => {
      const tables = await tablesOf(tx);
      const names = new Set(tables.map((table) => table.name));
      const missing = header.tables.filter((table) => !names.has(table.name)).map((table) => table.name);
      if (missing.length) throw new BackupError(`The database lacks tables of the backup (${missing.join(', ')}) at the same migration level: it was not made by Watchpost's migrations.`);
      if (force) await tx.unsafe(`TRUNCATE ${tables.map((table) => quote(table.name)).join(', ')} CASCADE`);
      for (const table of header.tables) await tx.unsafe(`ALTER TABLE ${quote(table.name)} DISABLE TRIGGER USER`);
      const counts: Record<string, number> = {};
      for (const table of header.tables) {
        const copy = await tx.unsafe(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) FROM STDIN`).writable();
        const finished = new Promise<void>((resolve, reject) => copy.once('finish', resolve).once('error', reject));
        let count = 0;
        try {
          for await (const lines of reader.section()) {
            for (let i = lines.indexOf('\n'); i !== -1; i = lines.indexOf('\n', i + 1)) count++;
            if (!copy.write(lines)) await Promise.race([once(copy, 'drain'), finished]);
          }
        } catch (error) {
          copy.destroy();
          throw error;
        }
        copy.end();
        await finished;
        counts[table.name] = count;
        rows += count;
      }
      let trailer: { rows: Record<string, number> };
      try {
        trailer = JSON.parse(await reader.line()) as { rows: Record<string, number> };
      } catch (error) {
        throw new BackupError('The backup ends too early: the file is cut short.', { cause: error });
      }
      const wrong = header.tables.filter((table) => trailer.rows[table.name] !== counts[table.name]).map((table) => table.name);
      if (wrong.length) throw new BackupError(`The backup's row counts do not match its rows (${wrong.join(', ')}): the file is damaged.`);
      for (const table of header.tables) await tx.unsafe(`ALTER TABLE ${quote(table.name)} ENABLE TRIGGER USER`);
      // Serial columns go on after the largest id restored.
      await tx.unsafe(`
        DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT c.relname AS t, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
                   FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
                     AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL LOOP
            EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', r.seq, r.col, r.t);
          END LOOP;
        END $$`);
    });
    return { tables: header.tables.length, rows };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') throw new BackupError(`${file} is damaged or cut short (${(error as Error).message}); nothing was restored.`, { cause: error });
    throw error;
  } finally {
    input.destroy();
    await sql.end({ timeout: 5 });
  }
}

// What the benchmarks share: a database (embedded, or DATABASE_URL), migrated; the
// production build; the app started on it in a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import type postgres from 'postgres';
import { freePort, startEmbeddedDatabase } from '../db/embedded';
import { withMigrationConnection } from '../db/migration-connection';
import { migrateUp } from '../db/migrator';
import { buildIfNeeded } from '../scripts/build-if-needed';
import { tempDataDir } from '../tests/helpers/temp-dir';

export const root = path.resolve(__dirname, '..');

export function log(line: string) {
  console.log(`[bench] ${line}`);
}

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL if set, else a throwaway embedded PostgreSQL (with pg_stat_statements loaded,
 * for statementProfile); not migrated.
 */
export async function benchServer(): Promise<BenchDatabase> {
  const data = tempDataDir('bench');
  let url = process.env.DATABASE_URL;
  let cluster: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  if (!url) {
    cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'bench', persistent: false, settings: { shared_preload_libraries: 'pg_stat_statements' } });
    url = cluster.url;
    log(`embedded PostgreSQL on 127.0.0.1:${cluster.port}`);
  }
  return {
    url,
    async stop() {
      await cluster?.stop();
      data.remove();
    },
  };
}

/** DATABASE_URL if set, else a throwaway embedded PostgreSQL; migrated either way. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = await benchServer();
  await withMigrationConnection(server.url, (conn) => migrateUp(conn));
  return server;
}

export interface BenchApp {
  url: string;
  process: ChildProcess;
  authSecret: string;
  encryptionKey: string;
  stop(): Promise<void>;
}

/** The V8 flags `npm start` gives Node (package.json's start script), so the benches run the app as users do. */
function npmStartNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => /^--max-[a-z-]+=\S+$/.test(word));
}

/** The production build (built if the source changed) served on `databaseUrl`. */
export async function startBenchApp(databaseUrl: string, { env = {}, nodeArgs = [] }: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<BenchApp> {
  await buildIfNeeded(root, log);
  const authSecret = randomBytes(32).toString('base64');
  const encryptionKey = randomBytes(32).toString('base64');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = spawn(process.execPath, [...nodeArgs, ...npmStartNodeFlags(), '--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, WATCHPOST_ENCRYPTION_KEY: encryptionKey, PORT: String(port), HOSTNAME: '127.0.0.1',
      // A line per API request at info would flood the terminal at thousands of batches a minute.
      WATCHPOST_LOG_LEVEL: 'warn', ...env },
  });
  await waitForHealth(url, app);
  return {
    url,
    process: app,
    authSecret,
    encryptionKey,
    async stop() {
      if (app.exitCode !== null || app.signalCode !== null) return;
      app.kill('SIGTERM');
      await new Promise((resolve) => app.once('exit', resolve));
    },
  };
}

async function waitForHealth(url: string, app: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the app did not come up');
}

/** Median and 95th percentile (nearest rank) of a list of durations. */
export function summary(durations: number[]): { median: number; p95: number } {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** Run once to warm up, then `runs` times: the median and p95 in ms. */
export async function timed(run: () => Promise<unknown>, runs: number) {
  const durations: number[] = [];
  await run(); // warm
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return summary(durations);
}

/** One line of results, with the verdict against a target when there is one. */
export function row(name: string, result: { median: number; p95: number }, target?: number) {
  const verdict = target === undefined ? '' : result.median <= target ? `  (target ≤ ${target} ms: met)` : `  (target ≤ ${target} ms: NOT met)`;
  console.log(`${name.padEnd(46)} median ${result.median.toFixed(1).padStart(7)} ms · p95 ${result.p95.toFixed(1).padStart(7)} ms${verdict}`);
}

/** Run a benchmark's main and exit with its outcome. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}

/** CPU time (user + system) a process has used so far, in seconds; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU time of every postgres process on the machine (the server and its backends). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}

/** A process's resident memory now and at its peak, in MB. */
export function memoryMegabytes(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * A signed-in session cookie for `userId`, as the app's own sign-in issues it: the session's
 * row in user_sessions (which every signed-in request checks) and the JWT naming it.
 */
export async function sessionCookie(sql: postgres.Sql, userId: string, authSecret: string): Promise<string> {
  const sid = randomUUID();
  await sql`INSERT INTO user_sessions (id, user_id, expires_at) VALUES (${sid}, ${userId}, now() + INTERVAL '1 day')`;
  const cookieName = 'authjs.session-token';
  const token = await encode({ token: { sub: userId, sv: 0, authTime: Math.floor(Date.now() / 1000), sid }, secret: authSecret, salt: cookieName, maxAge: 3600 * 24 });
  return `${cookieName}=${token}`;
}

interface StatementTotals {
  query: string;
  calls: number;
  ms: number;
  wal: number;
}

/**
 * Where PostgreSQL spends its time from now on, per statement, from pg_stat_statements (the
 * embedded bench server loads it): call the function returned when done, for the lines to
 * print, each statement's time and WAL records per `unit` (e.g. per stored heartbeat); or,
 * when the server does not load it, one line saying so.
 */
export async function statementProfile(sql: postgres.Sql): Promise<(units: number, unit: string) => Promise<string[]>> {
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
    await sql`SELECT 1 FROM pg_stat_statements LIMIT 1`;
  } catch (error) {
    const reason = `  pg_stat_statements is not available (${(error as Error).message}); load it with shared_preload_libraries to see where the database's time goes`;
    return async () => [reason];
  }
  const read = async () =>
    new Map(
      (
        await sql<(StatementTotals & { id: string })[]>`
          SELECT queryid::text AS id, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 72) AS query, calls::float8 AS calls,
            total_exec_time AS ms, wal_records::float8 AS wal
          FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`
      ).map((row): [string, StatementTotals] => [row.id, row]),
    );
  const before = await read();
  return async (units, unit) => {
    const spent = [...(await read())].map(([id, row]) => {
      const was = before.get(id);
      return { ...row, calls: row.calls - (was?.calls ?? 0), ms: row.ms - (was?.ms ?? 0), wal: row.wal - (was?.wal ?? 0) };
    });
    const total = spent.reduce((sum, row) => sum + row.ms, 0);
    return spent
      .filter((row) => row.calls > 0)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((row) =>
        `  ${((row.ms / total) * 100).toFixed(1).padStart(5)} %  ${((row.ms * 1000) / units).toFixed(1).padStart(6)} µs · ${(row.wal / units).toFixed(2).padStart(5)} WAL records per ${unit}  ${row.calls.toLocaleString('en').padStart(9)} calls  ${row.query}`,
      );
  };
}

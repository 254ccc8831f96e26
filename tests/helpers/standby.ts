import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@/db/embedded';
import { tempDataDir } from './temp-dir';

// Debian's PostgreSQL 15 as a primary with a streaming standby made the way operators make
// one: `pg_basebackup -R` (it writes standby.signal and primary_conninfo). As root, every
// PostgreSQL program runs as the `postgres` system user, which PostgreSQL insists on.

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrimaryWithStandby {
  /** postgres://postgres@127.0.0.1:port/`database` of each. */
  primaryUrl: string;
  standbyUrl: string;
  stopStandby(): void;
  startStandby(): void;
  stop(): void;
}

function asPostgres(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim() || NaN);
  const [uid, gid] = [id('-u'), id('-g')];
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('PostgreSQL refuses to run as root, and there is no `postgres` user to run it as');
  return { uid, gid };
}

function run(program: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(path.join(POSTGRES_BIN, program), args, { encoding: 'utf8', ...user, timeout: 120_000 });
  if (result.error) throw new Error(`${program}: ${result.error.message} (is Debian's postgresql-15 installed? .ci/run installs it)`);
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
}

export interface DebianPostgres {
  /** postgres://postgres@127.0.0.1:port/`database`. */
  url: string;
  port: number;
  /** Where its data directory and logs live (removed by stop). */
  folder: string;
  user: { uid: number; gid: number } | undefined;
  stop(): void;
}

const serverOptions = (port: number, socketDir: string) =>
  `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${socketDir} -c fsync=off -c full_page_writes=off`;

/** Debian's PostgreSQL 15, started, holding database `database` (empty), ready to stream WAL to a standby. */
export async function startDebianPostgres(database: string): Promise<DebianPostgres> {
  const user = asPostgres();
  const folder = tempDataDir('replica');
  const dir = path.join(folder.dir, 'primary');
  if (user) chownSync(folder.dir, user.uid, user.gid);
  const port = await freePort();
  run('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '--no-sync'], user);
  // initdb's pg_hba.conf already lets local replication connections in with -A trust.
  appendFileSync(path.join(dir, 'postgresql.conf'), '\nwal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n');
  run('pg_ctl', ['-D', dir, '-o', serverOptions(port, folder.dir), '-l', path.join(folder.dir, 'primary.log'), '-w', 'start'], user);
  run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qc', `CREATE DATABASE ${database}`], user);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    folder: folder.dir,
    user,
    stop() {
      spawnSync(path.join(POSTGRES_BIN, 'pg_ctl'), ['-D', dir, '-m', 'immediate', 'stop'], { ...user });
      folder.remove();
    },
  };
}

/** A primary holding database `database` (empty) and a standby streaming from it, both started. */
export async function startPrimaryWithStandby(database: string): Promise<PrimaryWithStandby> {
  const primary = await startDebianPostgres(database);
  const { user } = primary;
  const standbyDir = path.join(primary.folder, 'standby');
  const standbyPort = await freePort();
  mkdirSync(standbyDir, { mode: 0o700 });
  if (user) chownSync(standbyDir, user.uid, user.gid);
  run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast'], user);
  const startStandby = () => run('pg_ctl', ['-D', standbyDir, '-o', serverOptions(standbyPort, primary.folder), '-l', path.join(primary.folder, 'standby.log'), '-w', 'start'], user);
  const stopStandby = () => run('pg_ctl', ['-D', standbyDir, '-m', 'immediate', 'stop'], user);
  startStandby();
  return {
    primaryUrl: primary.url,
    standbyUrl: primary.url.replace(`:${primary.port}/`, `:${standbyPort}/`),
    stopStandby,
    startStandby,
    stop() {
      spawnSync(path.join(POSTGRES_BIN, 'pg_ctl'), ['-D', standbyDir, '-m', 'immediate', 'stop'], { ...user });
      primary.stop();
    },
  };
}

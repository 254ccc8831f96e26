import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tempDataDir } from './temp-dir';

// Debian's PgBouncer in front of a test database, set up the way managed databases set
// up their "transaction pooler": pool_mode = transaction, a small server pool, plain auth.
// PgBouncer refuses to run as root, so as root it runs as the `postgres` system user
// (the embedded PostgreSQL has made it already).

export const PGBOUNCER = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';

export interface Bouncer {
  /** `url` with PgBouncer's host and port in place of PostgreSQL's. */
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`pgbouncer did not listen on ${port} within 10 s:\n${log()}`);
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim() || NaN);
  const [uid, gid] = [id('-u'), id('-g')];
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('PgBouncer refuses to run as root, and there is no `postgres` user to run it as');
  return { uid, gid };
}

/** Start PgBouncer in transaction mode in front of the PostgreSQL of `databaseUrl`. */
export async function startPgBouncer(databaseUrl: string, { poolSize = 10 }: { poolSize?: number } = {}): Promise<Bouncer> {
  const target = new URL(databaseUrl);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const database = target.pathname.slice(1);
  const port = await freePort();
  const folder = tempDataDir('pgbouncer');
  const ini = path.join(folder.dir, 'pgbouncer.ini');
  const users = path.join(folder.dir, 'userlist.txt');
  const logFile = path.join(folder.dir, 'pgbouncer.log');
  writeFileSync(
    ini,
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir =`,
      'auth_type = plain',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      `logfile = ${logFile}`,
      '',
    ].join('\n'),
  );
  writeFileSync(users, `"${user}" "${password.replace(/"/g, '""')}"\n`);
  writeFileSync(logFile, '');
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (runAs) for (const file of [folder.dir, ini, users, logFile]) chownSync(file, runAs.uid, runAs.gid);
  const child = spawn(PGBOUNCER, [ini], { stdio: ['ignore', 'pipe', 'pipe'], ...runAs });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForPort(port, child, () => output);
  const url = new URL(databaseUrl);
  url.port = String(port);
  return {
    url: url.toString(),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      folder.remove();
    },
  };
}

import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDir, freePort, runningPostmaster, startEmbeddedDatabase } from '@/db/embedded';
import { loadOrCreateSecrets, secretsPath } from '@/lib/crypto/secrets-file';
import { tempDataDir } from '../helpers/temp-dir';

const data = tempDataDir('embedded');
afterAll(() => data.remove());

function crashAfterStart(dataDir: string, password: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../helpers/embedded-child.ts'), dataDir, password], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (!match) return;
      child.kill('SIGKILL');
      child.on('exit', () => resolve(Number(match[1])));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => signal !== 'SIGKILL' && reject(new Error(`child exited early (${code})`)));
  });
}

describe('the embedded database', () => {
  it('comes back after the app was killed with SIGKILL, with its data intact', async () => {
    await crashAfterStart(data.dir, 'crash-pw');
    const orphan = runningPostmaster(clusterDir(data.dir));
    expect(orphan, 'the killed app left its PostgreSQL running').not.toBeNull();

    const cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'crash-pw' });
    try {
      expect(runningPostmaster(clusterDir(data.dir))?.pid).not.toBe(orphan?.pid);
      const sql = postgres(cluster.url, { max: 1 });
      expect(await sql`SELECT note FROM survived`).toEqual([{ note: 'written before the crash' }]);
      await sql.end();
    } finally {
      await cluster.stop();
    }
  });

  it('starts over a postmaster.pid whose process is long gone', async () => {
    writeFileSync(path.join(clusterDir(data.dir), 'postmaster.pid'), '999999\n/nowhere\n0\n5432\n');
    const cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'crash-pw' });
    await cluster.stop();
  });

  it('says why when PostgreSQL cannot start, instead of "undefined"', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      await expect(startEmbeddedDatabase({ dataDir: data.dir, password: 'crash-pw', port })).rejects.toThrow(
        /did not start.*Address already in use/,
      );
    } finally {
      blocker.close();
    }
  });

  it('generates the secrets once, in an owner-only file', () => {
    const first = loadOrCreateSecrets(data.dir);
    const second = loadOrCreateSecrets(data.dir);
    expect(second).toEqual(first);
    expect(Buffer.from(first.encryptionKey, 'base64')).toHaveLength(32);
    expect(statSync(secretsPath(data.dir)).mode & 0o777).toBe(0o600);
  });
});

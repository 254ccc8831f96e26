import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm start` in production mode (DATABASE_URL set) with bad configuration: it must stop
// at once with one clear line per problem, before touching the database or building.

const root = path.resolve(__dirname, '../..');

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('npm start with DATABASE_URL set', () => {
  it('refuses to start without AUTH_SECRET and WATCHPOST_ENCRYPTION_KEY, naming both, without a stack trace', async () => {
    const { code, output } = await start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    expect(code).toBe(1);
    expect(output).toMatch(/Configuration error: AUTH_SECRET is not set/);
    expect(output).toMatch(/Configuration error: WATCHPOST_ENCRYPTION_KEY is not set/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('refuses a malformed encryption key', async () => {
    const { code, output } = await start({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
      AUTH_SECRET: 'x'.repeat(40),
      WATCHPOST_ENCRYPTION_KEY: 'not-a-key',
    });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      expect.stringMatching(/Configuration error: WATCHPOST_ENCRYPTION_KEY must be the base64 encoding of exactly 32/),
    ]);
  });

  it('says the database is unreachable in one line when it is', async () => {
    const { code, output } = await start({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
      AUTH_SECRET: 'x'.repeat(40),
      WATCHPOST_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot start: cannot reach the database at 127.0.0.1:1 \(ECONNREFUSED\)/);
    expect(output).not.toMatch(/\n\s+at /);
  });
});

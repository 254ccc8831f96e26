import { describe, expect, it } from 'vitest';
import { npmStart as start } from '../helpers/npm-start';

// `npm start` in production mode (DATABASE_URL set) with bad configuration: it must stop
// at once with one clear line per problem, before touching the database or building.

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

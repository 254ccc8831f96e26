import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, linkBaseUrl, parseServerEnv, readLaunchSettings, readLogSettings, registrationMode, sessionDatabaseUrl } from '@/lib/env';

const valid = {
  DATABASE_URL: 'postgres://watchpost:pw@127.0.0.1:5432/watchpost',
  AUTH_SECRET: randomBytes(32).toString('base64'),
  WATCHPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseServerEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('server configuration', () => {
  it('accepts a complete configuration and fills in defaults', () => {
    const env = parseServerEnv(valid);
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(env.WATCHPOST_EMBEDDED).toBe(false);
  });

  it('opens registration on the embedded database and asks for invitations elsewhere, unless told', () => {
    expect(registrationMode(parseServerEnv({ ...valid, WATCHPOST_EMBEDDED: 'true' }))).toBe('open');
    expect(registrationMode(parseServerEnv(valid))).toBe('invite');
    expect(registrationMode(parseServerEnv({ ...valid, WATCHPOST_REGISTRATION: 'closed' }))).toBe('closed');
    expect(problems({ ...valid, WATCHPOST_REGISTRATION: 'public' })).toEqual(['WATCHPOST_REGISTRATION must be open, invite or closed']);
  });

  it('links to WATCHPOST_PUBLIC_URL, else where the server listens, and checks the mail settings', () => {
    const launch = readLaunchSettings({ PORT: '8080' });
    expect(linkBaseUrl(parseServerEnv({ ...valid, WATCHPOST_PUBLIC_URL: 'https://status.example.com/' }), launch)).toBe('https://status.example.com');
    expect(linkBaseUrl(parseServerEnv(valid), launch)).toBe('http://localhost:8080');
    expect(linkBaseUrl(parseServerEnv(valid), readLaunchSettings({ HOSTNAME: '::1', PORT: '3000' }))).toBe('http://[::1]:3000');
    expect(problems({ ...valid, WATCHPOST_PUBLIC_URL: 'ftp://example.com' })).toEqual([expect.stringMatching(/^WATCHPOST_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/)]);
    expect(problems({ ...valid, WATCHPOST_SMTP_URL: 'mail.example.com:587' })).toEqual([expect.stringMatching(/^WATCHPOST_SMTP_URL must look like smtp:\/\//)]);
    expect(parseServerEnv({ ...valid, WATCHPOST_SMTP_URL: 'smtps://u:p@mail.example.com:465' }).WATCHPOST_SMTP_URL).toBe('smtps://u:p@mail.example.com:465');
  });

  it('names each missing required variable on its own line', () => {
    const lines = problems({ DATABASE_URL: valid.DATABASE_URL });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^AUTH_SECRET is not set/);
    expect(lines[1]).toMatch(/^WATCHPOST_ENCRYPTION_KEY is not set/);
  });

  it('refuses an encryption key that is not 32 bytes of base64', () => {
    expect(problems({ ...valid, WATCHPOST_ENCRYPTION_KEY: 'too-short' })).toEqual([
      expect.stringMatching(/^WATCHPOST_ENCRYPTION_KEY must be the base64 encoding of exactly 32 random bytes/),
    ]);
    expect(problems({ ...valid, WATCHPOST_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toHaveLength(1);
  });

  it('refuses a short AUTH_SECRET, a non-postgres DATABASE_URL and a silly pool size', () => {
    expect(problems({ ...valid, AUTH_SECRET: 'short' })).toEqual([expect.stringMatching(/^AUTH_SECRET must be at least 32/)]);
    expect(problems({ ...valid, DATABASE_URL: 'mysql://x' })).toEqual([expect.stringMatching(/^DATABASE_URL must start with postgres:\/\//)]);
    expect(problems({ ...valid, DATABASE_POOL_SIZE: '0' })).toEqual([expect.stringMatching(/^DATABASE_POOL_SIZE/)]);
  });

  it('takes a transaction pooler only with a direct URL for what needs a session', () => {
    expect(problems({ ...valid, DATABASE_POOLER: 'transaction' })).toEqual([expect.stringMatching(/^DATABASE_DIRECT_URL is not set: with DATABASE_POOLER=transaction/)]);
    expect(problems({ ...valid, DATABASE_POOLER: 'statement' })).toEqual([expect.stringMatching(/^DATABASE_POOLER must be transaction or session/)]);
    expect(problems({ ...valid, DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: 'mysql://x' })).toEqual(['DATABASE_DIRECT_URL must start with postgres:// or postgresql://']);
    const direct = 'postgres://watchpost:pw@db:5432/watchpost';
    const env = parseServerEnv({ ...valid, DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: direct });
    expect(sessionDatabaseUrl(env)).toBe(direct);
    expect(sessionDatabaseUrl(parseServerEnv(valid))).toBe(valid.DATABASE_URL);
  });

  it('turns metrics on only with a token long enough to be one', () => {
    expect(parseServerEnv(valid).WATCHPOST_METRICS_TOKEN).toBeUndefined();
    expect(parseServerEnv({ ...valid, WATCHPOST_METRICS_TOKEN: 'a-long-enough-token-123' }).WATCHPOST_METRICS_TOKEN).toBe('a-long-enough-token-123');
    expect(problems({ ...valid, WATCHPOST_METRICS_TOKEN: 'short' })).toEqual(['WATCHPOST_METRICS_TOKEN must be at least 16 characters (generate one with: openssl rand -hex 24)']);
    expect(problems({ ...valid, WATCHPOST_METRICS_TOKEN: 'has a space in it, sixteen+' })).toEqual(['WATCHPOST_METRICS_TOKEN must be printable ASCII without spaces']);
  });

  it('logs text at info unless told, and names a log format or level it does not know', () => {
    expect(readLogSettings({})).toEqual({ WATCHPOST_LOG_FORMAT: 'text', WATCHPOST_LOG_LEVEL: 'info' });
    expect(readLogSettings({ WATCHPOST_LOG_FORMAT: 'json', WATCHPOST_LOG_LEVEL: 'debug' })).toEqual({ WATCHPOST_LOG_FORMAT: 'json', WATCHPOST_LOG_LEVEL: 'debug' });
    expect(() => readLogSettings({ WATCHPOST_LOG_FORMAT: 'xml', WATCHPOST_LOG_LEVEL: 'loud' })).toThrow(
      new ConfigError(['WATCHPOST_LOG_FORMAT must be text or json', 'WATCHPOST_LOG_LEVEL must be debug, info, warn or error']),
    );
  });

  it('treats an empty DATABASE_URL as unset when starting (embedded mode)', () => {
    expect(readLaunchSettings({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(readLaunchSettings({}).PORT).toBe(3000);
    expect(readLaunchSettings({ PORT: '8080' }).PORT).toBe(8080);
    expect(() => readLaunchSettings({ PORT: 'eighty' })).toThrow(ConfigError);
  });
});

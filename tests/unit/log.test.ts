import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { log, resetLogSettings, scrub } from '@/lib/observability/log';
import { runWithRequest } from '@/lib/observability/request-context';

let lines: string[] = [];

beforeEach(() => {
  lines = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.WATCHPOST_LOG_FORMAT;
  delete process.env.WATCHPOST_LOG_LEVEL;
  resetLogSettings();
});

function useLog(format: string, level = 'info') {
  process.env.WATCHPOST_LOG_FORMAT = format;
  process.env.WATCHPOST_LOG_LEVEL = level;
  resetLogSettings();
}

describe('the logger', () => {
  it('writes one JSON object per line with time, level, message and the request id', () => {
    useLog('json');
    runWithRequest({ requestId: 'req-12345678' }, () => log.info('POST /api/v1/agent/heartbeats 202', { status: 202, durationMs: 4.2 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'POST /api/v1/agent/heartbeats 202', requestId: 'req-12345678', status: 202, durationMs: 4.2 });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('keeps multi-line errors inside one JSON line, with their stack', () => {
    useLog('json');
    log.error('Unexpected error.', { error: new Error('boom\nsecond line', { cause: new Error('underneath') }) });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.trimEnd().split('\n')).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry.error).toMatchObject({ name: 'Error', message: 'boom\nsecond line', cause: { message: 'underneath' } });
    expect(entry.error.stack).toContain('log.test.ts');
  });

  it('never writes a secret: fields named like one, credentials in URLs, bearer and agent tokens', () => {
    useLog('json');
    const token = 'wpa_AAAAAAAAAAAAAAAAAAAAAAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    log.warn(`refused Bearer ${token}`, {
      password: 'hunter2-hunter2',
      headers: { authorization: `Bearer ${token}`, cookie: 'authjs.session-token=abc', accept: 'text/html' },
      apiKey: 'k-123456',
      url: 'postgres://watchpost:db-password-9@db.internal:5432/watchpost',
      link: 'https://example.com/unsubscribe?token=abcdef123456&x=1',
      error: new Error(`connect failed for postgres://u:db-password-9@h/d with ${token}`),
    });
    const text = lines.join('');
    for (const secret of ['hunter2-hunter2', token, 'authjs.session-token', 'k-123456', 'db-password-9', 'abcdef123456']) expect(text).not.toContain(secret);
    const entry = JSON.parse(lines[0]!);
    expect(entry.headers.accept).toBe('text/html');
    expect(entry.password).toBe('[redacted]');
    expect(entry.url).toBe('postgres://watchpost:[redacted]@db.internal:5432/watchpost');
  });

  it('writes text for people by default, and leaves out levels below the one asked for', () => {
    useLog('text');
    log.debug('not shown');
    log.info('Watchpost is running', { url: 'http://localhost:3000' });
    log.error('Retention failed.', { error: new Error('disk full') });
    expect(lines[0]).toBe('[watchpost] Watchpost is running (url=http://localhost:3000)\n');
    expect(lines[1]).toMatch(/^\[watchpost\] error: Retention failed\.\nError: disk full\n/);
    expect(lines).toHaveLength(2);
    useLog('json', 'debug');
    log.debug('page request');
    expect(JSON.parse(lines[2]!)).toMatchObject({ level: 'debug', msg: 'page request' });
  });

  it('masks credentials in free text', () => {
    expect(scrub('smtp://mailer:s3cret@mail.example.com:587')).toBe('smtp://mailer:[redacted]@mail.example.com:587');
    expect(scrub('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic [redacted]');
    expect(scrub('nothing secret here: https://example.com/a?b=c')).toBe('nothing secret here: https://example.com/a?b=c');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, errorResponse } from '@/lib/errors';

afterEach(() => vi.restoreAllMocks());

describe('errorResponse', () => {
  it('maps an AppError to its status and the {error:{code,message,details}} body', async () => {
    const response = errorResponse(
      new AppError('INVALID_INPUT', 'The batch is malformed.', { details: [{ index: 3, field: 'time', message: 'must be ISO-8601' }] }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: 'The batch is malformed.', details: [{ index: 3, field: 'time', message: 'must be ISO-8601' }] },
    });
  });

  it('sends Retry-After in whole seconds for rate limits', () => {
    const response = errorResponse(new AppError('RATE_LIMITED', 'Slow down.', { retryAfterSeconds: 1.2 }));
    expect(response.status).toBe(429);
    expect(response.headers.get('Retry-After')).toBe('2');
  });

  it('never shows the message of an unexpected error, and logs it', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const response = errorResponse(new Error('relation "users" does not exist at character 15'));
    vi.restoreAllMocks();
    expect(response.status).toBe(500);
    const body = JSON.stringify(await response.json());
    expect(body).not.toMatch(/relation|users/);
    expect(body).toMatch(/Something went wrong/);
    expect(written.join('')).toContain('relation "users" does not exist');
  });
});

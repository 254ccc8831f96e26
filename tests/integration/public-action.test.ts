import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { publicAction } from '@/lib/actions/safe-action';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/lib/errors';

// The wrapper every anonymous form goes through, with its per-IP limit counted in the
// real database. Only the request headers (which Next provides) are stood in for.
let clientIp = '203.0.113.1';
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-watchpost-client-ip': clientIp }),
}));

beforeAll(() => {
  process.env.ANONYMOUS_FORM_LIMIT_PER_HOUR = '3';
  resetEnvCache();
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const join = publicAction(
  z.object({ email: z.email('Enter an e-mail address.'), password: z.string().min(8, 'Too short.') }),
  async (input) => ({ ok: true as const, data: input.email }),
  { limitPerIp: true },
);

describe('publicAction', () => {
  it('answers field errors, and echoes what was typed except secrets', async () => {
    clientIp = '203.0.113.10';
    const state = await join(null, form({ email: 'nope', password: 'short', note: 'kept' }));
    expect(state).toEqual({
      ok: false,
      fieldErrors: { email: 'Enter an e-mail address.', password: 'Too short.' },
      values: { email: 'nope', note: 'kept' },
    });
  });

  it('refuses an IP past the hourly limit, saying when to retry, while other IPs go on', async () => {
    clientIp = '203.0.113.20';
    for (let i = 0; i < 3; i++) {
      expect(await join(null, form({ email: `a${i}@example.com`, password: 'long enough' }))).toMatchObject({ ok: true });
    }
    const refused = await join(null, form({ email: 'a4@example.com', password: 'long enough' }));
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/^Too many attempts from your network\. Try again in \d+ minutes\.$/) });

    clientIp = '203.0.113.21';
    expect(await join(null, form({ email: 'b@example.com', password: 'long enough' }))).toMatchObject({ ok: true });
  });

  it('shows an AppError as it is and hides anything else', async () => {
    clientIp = '203.0.113.30';
    const conflict = publicAction(z.object({}), async () => {
      throw new AppError('CONFLICT', 'Already on the list.', { details: [{ field: 'email', message: 'Already on the list.' }] });
    });
    expect(await conflict(null, form({}))).toMatchObject({ ok: false, fieldErrors: { email: 'Already on the list.' } });

    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = publicAction(z.object({}), async () => {
      throw new Error('duplicate key value violates unique constraint "users_email_unique"');
    });
    const state = await broken(null, form({}));
    expect(state).toMatchObject({ ok: false, formError: 'Something went wrong. Please try again.' });
    expect(JSON.stringify(state)).not.toMatch(/users_email_unique/);
    log.mockRestore();
  });
});

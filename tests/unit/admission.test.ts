import { describe, expect, it } from 'vitest';
import { admitAgentRequest, withIngestSlot } from '@/lib/ingest/admission';

describe('ingest admission', () => {
  it('refuses a batch with 503 and Retry-After while the instance has its limit in flight', async () => {
    let release!: () => void;
    const first = withIngestSlot(1, () => new Promise<void>((resolve) => (release = resolve)));
    await expect(withIngestSlot(1, async () => 'second')).rejects.toMatchObject({ code: 'UNAVAILABLE', options: { retryAfterSeconds: 1 } });
    release();
    await first;
    await expect(withIngestSlot(1, async () => 'third')).resolves.toBe('third');
  });

  it('limits each agent to its requests per minute, with the wait until the window ends', () => {
    const start = 1_000_000;
    for (let i = 0; i < 3; i++) admitAgentRequest('agent-a', 3, start + i);
    expect(() => admitAgentRequest('agent-a', 3, start + 10_000)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', options: { retryAfterSeconds: 50 } }));
    admitAgentRequest('agent-b', 3, start + 10_000);
    admitAgentRequest('agent-a', 3, start + 60_000);
  });
});

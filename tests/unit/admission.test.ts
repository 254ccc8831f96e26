import { describe, expect, it } from 'vitest';
import { admitAgentRequest, ingestClient, ingestRefusal, QUEUE_LATENCY_MS, withIngestSlot } from '@/lib/ingest/admission';

describe('ingest admission', () => {
  it('refuses a batch with 503 and Retry-After while the instance has its limit in flight', async () => {
    let release!: () => void;
    const first = withIngestSlot(1, () => new Promise<void>((resolve) => (release = resolve)));
    await expect(withIngestSlot(1, async () => 'second')).rejects.toMatchObject({ code: 'UNAVAILABLE', options: { retryAfterSeconds: 1 } });
    release();
    await first;
    await expect(withIngestSlot(1, async () => 'third')).resolves.toBe('third');
  });

  it('beyond the connections, refuses a batch that would queue while recent batches were slow, and never one that gets a connection', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Fast batches: a batch that has to wait for a connection is still admitted.
    for (let i = 0; i < 30; i++) await withIngestSlot(10, () => sleep(0), 1);
    let release!: () => void;
    let held = withIngestSlot(10, () => new Promise<void>((resolve) => (release = resolve)), 1);
    await expect(withIngestSlot(10, async () => 'queued behind a quick one', 1)).resolves.toBe('queued behind a quick one');
    release();
    await held;
    // Slow batches (well over QUEUE_LATENCY_MS on average): the one that would queue gets 503 at once.
    await Promise.all(Array.from({ length: 40 }, () => withIngestSlot(100, () => sleep(QUEUE_LATENCY_MS * 3), 100)));
    held = withIngestSlot(10, () => new Promise<void>((resolve) => (release = resolve)), 1);
    await expect(withIngestSlot(10, async () => 'queued behind slow ones', 1)).rejects.toMatchObject({ code: 'UNAVAILABLE', options: { retryAfterSeconds: 1 } });
    // Below the connections, a batch is never refused for latency.
    release();
    await held;
    await expect(withIngestSlot(10, async () => 'alone', 1)).resolves.toBe('alone');
  });

  it('holds a refused client to its Retry-After, even with a slot free, and no other client', async () => {
    let release!: () => void;
    const held = withIngestSlot(1, () => new Promise<void>((resolve) => (release = resolve)), 1, 'token-a');
    await expect(withIngestSlot(1, async () => 'b', 1, 'token-b')).rejects.toMatchObject({ code: 'UNAVAILABLE', options: { retryAfterSeconds: 1 } });
    release();
    await held;
    const now = Date.now();
    const limits = { limit: 1, connections: 1 };
    // B is refused until its second is over, whoever else comes meanwhile; A and C are not.
    expect(ingestRefusal('token-c', limits, now)).toBeNull();
    expect(ingestRefusal('token-a', limits, now)).toBeNull();
    // Back too early, B starts its wait again: one second from its last early try.
    expect(ingestRefusal('token-b', limits, now + 600)).toBe(1);
    expect(ingestRefusal('token-b', limits, now + 1_400)).toBe(1);
    expect(ingestRefusal('token-b', limits, now + 2_401)).toBeNull();
    // Without a token (refused later by authentication anyway), only the load counts.
    expect(ingestRefusal(null, limits, now)).toBeNull();
  });

  it('tells clients apart by their bearer token', () => {
    expect(ingestClient('Bearer wp_agent_abc.def')).toBe('wp_agent_abc.def');
    expect(ingestClient('bearer  x')).toBe('x');
    expect(ingestClient('Basic dXNlcjpwdw==')).toBeNull();
    expect(ingestClient(undefined)).toBeNull();
  });

  it('limits each agent to its requests per minute, with the wait until the window ends', () => {
    const start = 1_000_000;
    for (let i = 0; i < 3; i++) admitAgentRequest('agent-a', 3, start + i);
    expect(() => admitAgentRequest('agent-a', 3, start + 10_000)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', options: { retryAfterSeconds: 50 } }));
    admitAgentRequest('agent-b', 3, start + 10_000);
    admitAgentRequest('agent-a', 3, start + 60_000);
  });
});

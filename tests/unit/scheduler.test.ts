import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from '@/agent/scheduler';
import type { AgentMonitor } from '@/lib/contracts/agent-config';
import type { Heartbeat } from '@/lib/contracts/heartbeats';

const monitor = (id: string, intervalSeconds: number, target = 'example.com:1'): AgentMonitor => ({
  id,
  name: id,
  type: 'tcp',
  target,
  intervalSeconds,
  timeoutSeconds: 1,
  options: {},
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

/** Stop under fake timers: the in-flight checks and the stop timeout need time to pass. */
async function stopped(scheduler: Scheduler) {
  const stopping = scheduler.stop(1000);
  await vi.advanceTimersByTimeAsync(20_000);
  await stopping;
}

function harness(checkMs = 10, concurrency = 10) {
  const results: Heartbeat[] = [];
  const targets: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const scheduler = new Scheduler({
    concurrency,
    random: () => 0.5,
    runCheck: async (m) => {
      targets.push(m.target);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, checkMs));
      running -= 1;
      return { status: 'up', latencyMs: checkMs };
    },
    onResult: (heartbeat) => results.push(heartbeat),
  });
  return { scheduler, results, targets, maxRunning: () => maxRunning };
}

describe('scheduler', () => {
  it('spreads the first run over the interval, then runs on a fixed grid without drift', async () => {
    const { scheduler, results } = harness(300);
    scheduler.update([monitor('a', 10)]);
    await vi.advanceTimersByTimeAsync(65_000);
    const starts = results.map((r) => new Date(r.time).getTime() - Date.parse('2026-01-01T00:00:00Z'));
    // Jitter 0.5 × 10 s = 5 s; then every 10 s exactly, although each check takes 300 ms.
    expect(starts).toEqual([5000, 15000, 25000, 35000, 45000, 55000]);
    await stopped(scheduler);
  });

  it('never overlaps a check with itself: a slow one skips its next slot', async () => {
    const { scheduler, results } = harness(15_000);
    let skipped = 0;
    const s = new Scheduler({
      concurrency: 10,
      random: () => 0,
      runCheck: async () => {
        await new Promise((resolve) => setTimeout(resolve, 15_000));
        return { status: 'up' };
      },
      onResult: (heartbeat) => results.push(heartbeat),
      onSkip: () => (skipped += 1),
    });
    s.update([monitor('slow', 10)]);
    await vi.advanceTimersByTimeAsync(41_000);
    expect(results.length).toBe(2);
    expect(skipped).toBe(2);
    await stopped(s);
    await stopped(scheduler);
  });

  it('keeps to the concurrency bound', async () => {
    const h = harness(5_000, 3);
    h.scheduler.update(Array.from({ length: 10 }, (_, i) => monitor(`m${i}`, 60)));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(h.maxRunning()).toBe(3);
    expect(h.results).toHaveLength(10);
    await stopped(h.scheduler);
  });

  it('applies configuration changes: new monitors start, removed ones stop, changed ones use the new settings', async () => {
    const h = harness(10);
    h.scheduler.update([monitor('a', 10, 'old.example:1'), monitor('b', 10)]);
    await vi.advanceTimersByTimeAsync(10_000);
    h.scheduler.update([monitor('a', 10, 'new.example:1'), monitor('c', 10)]);
    h.results.length = 0;
    h.targets.length = 0;
    await vi.advanceTimersByTimeAsync(20_000);
    const ids = new Set(h.results.map((r) => r.monitorId));
    expect(ids).toEqual(new Set(['a', 'c']));
    expect(h.targets.filter((t) => t.startsWith('old'))).toEqual([]);
    expect(h.scheduler.size).toBe(2);
    await stopped(h.scheduler);
  });
});

describe('what a result carries to the server', () => {
  it('a certificate again only when it changed or after an hour; passing assertions only when they changed or after 5 minutes; failing ones always', async () => {
    const cert = (fingerprint: string) => ({
      subject: 'a', sans: [], issuer: 'b', serial: '1', fingerprint, notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', chainNotAfter: '2027-01-01T00:00:00Z',
    });
    const script: { fingerprint: string; passed: boolean }[] = [
      { fingerprint: 'A'.repeat(64), passed: true },
      { fingerprint: 'A'.repeat(64), passed: true }, // same: both left out
      { fingerprint: 'B'.repeat(64), passed: true }, // renewed: certificate sent
      { fingerprint: 'B'.repeat(64), passed: false }, // failing: assertions sent
      { fingerprint: 'B'.repeat(64), passed: false }, // failing again: sent again
      { fingerprint: 'B'.repeat(64), passed: true }, // passing again: changed, sent
    ];
    let call = 0;
    const results: Heartbeat[] = [];
    const scheduler = new Scheduler({
      concurrency: 1,
      random: () => 0,
      runCheck: async () => {
        const step = script[Math.min(call++, script.length - 1)]!;
        return { status: step.passed ? 'up' : 'down', certificate: cert(step.fingerprint), assertions: [{ passed: step.passed, actual: '1' }] };
      },
      onResult: (heartbeat) => results.push(heartbeat),
    });
    scheduler.update([monitor('m', 60)]);
    await vi.advanceTimersByTimeAsync(10 * 60_000 + 1000);
    await stopped(scheduler);
    const carried = results.map((r) => [Boolean(r.certificate), Boolean(r.assertions)]);
    expect(carried.slice(0, 6)).toEqual([
      [true, true],
      [false, false],
      [true, false],
      [false, true],
      [false, true],
      [false, true],
    ]);
    // Unchanged and passing: left out until five minutes after the last report (t = 300 s → 600 s).
    expect(carried.slice(6, 11).map(([, assertions]) => assertions)).toEqual([false, false, false, false, true]);
  });
});

describe('monitors with equal options', () => {
  it('share one copy of them, and each still runs with its own target', async () => {
    const seen: AgentMonitor[] = [];
    const scheduler = new Scheduler({ concurrency: 4, random: () => 0, runCheck: async (m) => (seen.push(m), { status: 'up' }), onResult: () => undefined });
    const options = () => ({ assertions: [{ source: 'status', operator: 'eq', value: '200' }] });
    scheduler.update([
      { ...monitor('a', 60, 'https://a.example'), type: 'http', options: options() } as unknown as AgentMonitor,
      { ...monitor('b', 60, 'https://b.example'), type: 'http', options: options() } as unknown as AgentMonitor,
      { ...monitor('c', 60, 'https://c.example'), type: 'http', options: { assertions: [] } } as unknown as AgentMonitor,
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    await stopped(scheduler);
    const byId = new Map(seen.map((m) => [m.id, m]));
    expect(byId.get('a')!.options).toBe(byId.get('b')!.options);
    expect(byId.get('c')!.options).not.toBe(byId.get('a')!.options);
    expect([...byId.values()].map((m) => m.target).sort()).toEqual(['https://a.example', 'https://b.example', 'https://c.example']);
  });
});

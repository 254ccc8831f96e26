import { describe, expect, it } from 'vitest';
import { advanceQuorum, FRESH_LOCATION, type Location, type LocationState, needed, type QuorumMonitor, type QuorumRule, tooFewLive } from '@/lib/ingest/quorum';
import { advance, type CheckResult, type HeartbeatStatus, type StateChange } from '@/lib/ingest/state-machine';

const t = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const check = (second: number, status: HeartbeatStatus, latencyMs = 50): CheckResult => ({ time: t(second), status, latencyMs });
const freshMonitor: QuorumMonitor = { status: 'unknown', incidentOpen: false, degradedSince: null };

/** A small driver: the monitor and its locations' states, fed one location's checks at a time. */
function monitorWith(agents: string[], rule: QuorumRule, thresholds = { failureThreshold: 1, recoveryThreshold: 1, degradedAfterMs: 100 as number | null }) {
  let monitor = freshMonitor;
  const states = new Map<string, LocationState>(agents.map((a) => [a, FRESH_LOCATION]));
  const offline = new Set<string>();
  const changes: StateChange[] = [];
  return {
    report(agentId: string, ...checks: CheckResult[]) {
      const locations: Location[] = agents.map((a) => ({ agentId: a, live: !offline.has(a) || a === agentId, state: states.get(a)! }));
      const step = advanceQuorum(monitor, locations, rule, thresholds, agentId, checks);
      monitor = step.monitor;
      states.set(agentId, step.location);
      changes.push(...step.changes);
      return step.changes;
    },
    setOffline(agentId: string, value: boolean) {
      if (value) offline.add(agentId);
      else offline.delete(agentId);
    },
    get monitor() {
      return monitor;
    },
    changes,
  };
}

describe('quorum of locations', () => {
  it('k of n: one failing location of three opens nothing; the second opens the incident when its streak began', () => {
    const m = monitorWith(['fra', 'nyc', 'sin'], { rule: 'k', k: 2 }, { failureThreshold: 2, recoveryThreshold: 1, degradedAfterMs: null });
    m.report('fra', check(0, 'down'), check(60, 'down'), check(120, 'down'));
    m.report('nyc', check(5, 'up'), check(65, 'up'));
    expect(m.monitor.status).toBe('up');
    expect(m.changes).toEqual([]);
    m.report('sin', check(10, 'up'), check(70, 'timeout'), check(130, 'error'));
    expect(m.monitor.status).toBe('down');
    expect(m.changes).toEqual([{ kind: 'open', startedAt: t(70) }]);
    // fra recovers: one of three failing is below k, resolved at fra's first success.
    m.report('fra', check(180, 'up'));
    expect(m.changes.at(-1)).toEqual({ kind: 'resolve', resolvedAt: t(180) });
    expect(m.monitor.status).toBe('up');
  });

  it('any: one confirmed location is enough; all: every live location must fail', () => {
    const any = monitorWith(['a', 'b'], { rule: 'any', k: 1 });
    any.report('a', check(0, 'down'));
    expect(any.changes).toEqual([{ kind: 'open', startedAt: t(0) }]);
    const all = monitorWith(['a', 'b', 'c'], { rule: 'all', k: 1 });
    all.report('c', check(0, 'up'));
    all.report('a', check(1, 'down'));
    all.report('b', check(2, 'down'));
    expect(all.monitor.status).toBe('up');
    expect(all.changes).toEqual([]);
    all.report('c', check(3, 'down'));
    expect(all.changes).toEqual([{ kind: 'open', startedAt: t(3) }]);
  });

  it('an offline location does not vote: n shrinks, and too few live locations change nothing (stale)', () => {
    const m = monitorWith(['a', 'b', 'c'], { rule: 'k', k: 2 });
    m.report('a', check(0, 'up'));
    m.report('b', check(1, 'up'));
    m.setOffline('b', true);
    m.setOffline('c', true);
    expect(tooFewLive({ rule: 'k', k: 2 }, 1)).toBe(true);
    m.report('a', check(60, 'down'), check(120, 'down'));
    expect(m.monitor.status).toBe('up');
    expect(m.changes).toEqual([]);
    // 'all' over the live ones: with b and c offline, a alone decides.
    const all = monitorWith(['a', 'b', 'c'], { rule: 'all', k: 1 });
    all.setOffline('b', true);
    all.setOffline('c', true);
    all.report('a', check(0, 'down'));
    expect(all.changes).toEqual([{ kind: 'open', startedAt: t(0) }]);
    expect(needed({ rule: 'all', k: 1 }, 3)).toBe(3);
  });

  it('late checks of a location are inert', () => {
    const m = monitorWith(['a', 'b'], { rule: 'any', k: 1 });
    m.report('a', check(100, 'up'));
    expect(m.report('a', check(50, 'down'), check(100, 'down'))).toEqual([]);
    expect(m.monitor.status).toBe('up');
  });

  it('degraded when k locations are slow; recovered at the first normal check of the one that brings it below k', () => {
    const m = monitorWith(['a', 'b', 'c'], { rule: 'k', k: 2 }, { failureThreshold: 2, recoveryThreshold: 2, degradedAfterMs: 100 });
    m.report('a', check(0, 'up', 500), check(60, 'up', 500));
    expect(m.monitor.degradedSince).toBeNull();
    m.report('b', check(1, 'up', 500), check(61, 'up', 500));
    expect(m.changes).toEqual([{ kind: 'degraded', startedAt: t(1) }]);
    m.report('b', check(121, 'up', 40), check(181, 'up', 40));
    expect(m.changes.at(-1)).toEqual({ kind: 'recovered', endedAt: t(121) });
    expect(m.monitor.status).toBe('up');
  });
});

// ——— Brute force: every location's state recomputed from its whole history at each step ———

/**
 * From scratch: the start of the run of "bad" checks that began the current bad period, or
 * null. A period begins where `threshold` consecutive bad checks end (its run's start), and
 * lasts until `recovery` consecutive good checks; a check that is neither breaks both runs.
 */
function stickySince(history: readonly CheckResult[], isBad: (c: CheckResult) => boolean, isGood: (c: CheckResult) => boolean, threshold: number, recovery: number): { since: Date | null; recoveredAt: Date | null } {
  const n = history.length;
  const runOf = (i: number, pred: (c: CheckResult) => boolean) => {
    let j = i;
    while (j >= 0 && pred(history[j]!)) j--;
    return i - j; // length of the run of pred ending at i
  };
  let since: Date | null = null;
  let recoveredAt: Date | null = null;
  for (let i = 0; i < n; i++) {
    if (since === null && runOf(i, isBad) >= threshold) since = history[i - runOf(i, isBad) + 1]!.time;
    else if (since !== null && runOf(i, isGood) >= recovery) {
      recoveredAt = history[i - runOf(i, isGood) + 1]!.time;
      since = null;
    }
  }
  return { since, recoveredAt };
}

const fails = (c: CheckResult) => c.status !== 'up';
const ups = (c: CheckResult) => c.status === 'up';

function expectedLocation(history: readonly CheckResult[], f: number, r: number, slowAfter: number) {
  const down = stickySince(history, fails, ups, f, r);
  const slow = stickySince(history, (c) => ups(c) && (c.latencyMs ?? 0) > slowAfter, (c) => ups(c) && (c.latencyMs ?? 0) <= slowAfter, f, r);
  const last = history.at(-1);
  const status = !last ? 'unknown' : down.since ? 'down' : fails(last) ? 'pending' : 'up';
  return { status, downSince: down.since, degradedSince: slow.since, recoveredAt: down.recoveredAt, paceRecoveredAt: slow.recoveredAt };
}

function seeded(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('quorum rules against brute force', () => {
  it('agree over random sequences of per-location results, liveness and rules', () => {
    const random = seeded(20261202);
    const statuses: HeartbeatStatus[] = ['up', 'up', 'up', 'down', 'timeout', 'error'];
    for (let round = 0; round < 400; round++) {
      const count = 1 + Math.floor(random() * 4);
      const agents = Array.from({ length: count }, (_, i) => `agent-${i}`);
      const kinds = ['any', 'k', 'all'] as const;
      const rule: QuorumRule = { rule: kinds[Math.floor(random() * 3)]!, k: 1 + Math.floor(random() * count) };
      const thresholds = { failureThreshold: 1 + Math.floor(random() * 3), recoveryThreshold: 1 + Math.floor(random() * 3), degradedAfterMs: 100 };
      const histories = new Map(agents.map((a) => [a, [] as CheckResult[]]));
      const states = new Map<string, LocationState>(agents.map((a) => [a, FRESH_LOCATION]));
      let monitor = freshMonitor;
      const expectedMonitor = { down: false, degraded: false, status: 'unknown' as string };
      let clock = 0;
      for (let step = 0; step < 60; step++) {
        const agentId = agents[Math.floor(random() * count)]!;
        const live = new Set(agents.filter((a) => a === agentId || random() < 0.8));
        const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
          time: t(++clock),
          status: statuses[Math.floor(random() * statuses.length)]!,
          latencyMs: random() < 0.5 ? 40 : 400,
        }));
        const locations: Location[] = agents.map((a) => ({ agentId: a, live: live.has(a), state: states.get(a)! }));
        const got = advanceQuorum(monitor, locations, rule, thresholds, agentId, batch);

        const expected: StateChange[] = [];
        for (const c of batch) {
          const before = expectedLocation(histories.get(agentId)!, thresholds.failureThreshold, thresholds.recoveryThreshold, 100);
          histories.get(agentId)!.push(c);
          const views = agents.filter((a) => live.has(a)).map((a) => ({ agent: a, ...expectedLocation(histories.get(a)!, thresholds.failureThreshold, thresholds.recoveryThreshold, 100) }));
          if (tooFewLive(rule, views.length)) continue;
          const k = needed(rule, views.length);
          const own = views.find((v) => v.agent === agentId)!;
          const down = views.filter((v) => v.status === 'down').map((v) => v.downSince!.getTime()).sort((a, b) => a - b);
          const failing = views.filter((v) => v.status === 'down' || v.status === 'pending').length;
          if (down.length >= k) {
            if (!expectedMonitor.down) expected.push({ kind: 'open', startedAt: new Date(down[k - 1]!) });
            expectedMonitor.down = true;
            expectedMonitor.status = 'down';
          } else {
            if (expectedMonitor.down) expected.push({ kind: 'resolve', resolvedAt: before.status === 'down' && own.status !== 'down' ? own.recoveredAt! : c.time });
            expectedMonitor.down = false;
            if (failing >= k) expectedMonitor.status = 'pending';
            else if (['down', 'pending'].includes(expectedMonitor.status) || views.some((v) => v.status === 'up')) expectedMonitor.status = 'up';
          }
          const slow = views.filter((v) => v.degradedSince).map((v) => v.degradedSince!.getTime()).sort((a, b) => a - b);
          if (slow.length >= k && !expectedMonitor.degraded) {
            expected.push({ kind: 'degraded', startedAt: new Date(slow[k - 1]!) });
            expectedMonitor.degraded = true;
          } else if (slow.length < k && expectedMonitor.degraded) {
            expected.push({ kind: 'recovered', endedAt: before.degradedSince && !own.degradedSince ? own.paceRecoveredAt! : c.time });
            expectedMonitor.degraded = false;
          }
        }
        expect(got.changes, `round ${round} step ${step}`).toEqual(expected);
        expect(got.monitor.status).toBe(expectedMonitor.status);
        const own = expectedLocation(histories.get(agentId)!, thresholds.failureThreshold, thresholds.recoveryThreshold, 100);
        expect({ status: got.location.status, downSince: got.location.downSince, degradedSince: got.location.pace.degradedSince }).toEqual({
          status: own.status,
          downSince: own.downSince,
          degradedSince: own.degradedSince,
        });
        monitor = got.monitor;
        states.set(agentId, got.location);
      }
    }
  });

  it('one location under "any" is exactly the one-location status machine', () => {
    const random = seeded(7);
    const statuses: HeartbeatStatus[] = ['up', 'up', 'down', 'timeout', 'error'];
    for (let round = 0; round < 200; round++) {
      const thresholds = { failureThreshold: 1 + Math.floor(random() * 3), recoveryThreshold: 1 + Math.floor(random() * 3), degradedAfterMs: 100 };
      const checks = Array.from({ length: 40 }, (_, i) => check(i, statuses[Math.floor(random() * statuses.length)]!, random() < 0.5 ? 40 : 400));
      const single = advance({ status: 'unknown', lastHeartbeatAt: null, streakKind: null, streakCount: 0, streakStartedAt: null, incidentOpen: false }, thresholds, checks);
      const quorum = advanceQuorum(freshMonitor, [{ agentId: 'a', live: true, state: FRESH_LOCATION }], { rule: 'any', k: 1 }, thresholds, 'a', checks);
      expect(quorum.changes).toEqual(single.changes);
      expect(quorum.monitor.status).toBe(single.state.status);
      expect(quorum.monitor.degradedSince).toEqual(single.state.pace!.degradedSince);
    }
  });
});

describe('degraded, one location', () => {
  const run = (spec: string, f = 2, r = 1) =>
    advance(
      { status: 'unknown', lastHeartbeatAt: null, streakKind: null, streakCount: 0, streakStartedAt: null, incidentOpen: false },
      { failureThreshold: f, recoveryThreshold: r, degradedAfterMs: 100 },
      [...spec].map((c, i) => check(i, c === 'd' ? 'down' : 'up', c === 's' ? 900 : 30)),
    );

  it('slow checks make it degraded after the failure threshold, from the first slow one, without an incident', () => {
    expect(run('ns').changes).toEqual([]);
    expect(run('nss').changes).toEqual([{ kind: 'degraded', startedAt: t(1) }]);
    expect(run('nss').state.status).toBe('up');
  });

  it('recovers after recovery_threshold normal checks at the first of them; a failure breaks runs but does not end it', () => {
    expect(run('ssddnnn', 2, 2).changes).toEqual([
      { kind: 'degraded', startedAt: t(0) },
      { kind: 'open', startedAt: t(2) },
      { kind: 'resolve', resolvedAt: t(4) },
      { kind: 'recovered', endedAt: t(4) },
    ]);
    expect(run('sdsn', 2, 1).changes).toEqual([]);
  });

  it('a check exactly at the limit is not slow', () => {
    const at = advance({ status: 'up', lastHeartbeatAt: null, streakKind: null, streakCount: 0, streakStartedAt: null, incidentOpen: false }, { failureThreshold: 1, recoveryThreshold: 1, degradedAfterMs: 100 }, [check(0, 'up', 100)]);
    expect(at.changes).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { advance, type HeartbeatStatus, type MonitorState } from '@/lib/ingest/state-machine';

const fresh: MonitorState = { status: 'unknown', lastHeartbeatAt: null, streakKind: null, streakCount: 0, streakStartedAt: null, incidentOpen: false };
const t = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const beats = (statuses: string, start = 0) =>
  [...statuses].map((c, i) => ({ time: t(start + i), status: ({ u: 'up', d: 'down', t: 'timeout', e: 'error' } as Record<string, HeartbeatStatus>)[c]! }));
const run = (statuses: string, failureThreshold = 2, recoveryThreshold = 1, state = fresh) =>
  advance(state, { failureThreshold, recoveryThreshold }, beats(statuses));

describe('monitor status', () => {
  it('unknown until the first heartbeat, up on success', () => {
    expect(run('').state.status).toBe('unknown');
    expect(run('u').state.status).toBe('up');
  });

  it('pending below the failure threshold; down at it, opening one incident at the first failure', () => {
    expect(run('ud').state.status).toBe('pending');
    const { state, changes } = run('udtee');
    expect(state.status).toBe('down');
    expect(changes).toEqual([{ kind: 'open', startedAt: t(1) }]);
  });

  it('counts down, timeout and error alike, and a success breaks the streak', () => {
    expect(run('dudud', 2).state.status).toBe('pending');
    expect(run('dudud', 2).changes).toEqual([]);
    expect(run('ddd', 3).state.status).toBe('down');
  });

  it('with failure threshold 1, one failure is down', () => {
    expect(run('ue', 1)).toMatchObject({ state: { status: 'down' }, changes: [{ kind: 'open', startedAt: t(1) }] });
  });

  it('recovers after recovery_threshold successes, resolving at the first of them', () => {
    const { state, changes } = run('dddudduuu', 2, 3);
    expect(state.status).toBe('up');
    expect(changes).toEqual([
      { kind: 'open', startedAt: t(0) },
      { kind: 'resolve', resolvedAt: t(6) },
    ]);
    expect(run('ddduu', 2, 3).state.status).toBe('down');
  });

  it('a new failure streak after recovery opens a new incident', () => {
    expect(run('dduddd', 2, 1).changes).toEqual([
      { kind: 'open', startedAt: t(0) },
      { kind: 'resolve', resolvedAt: t(2) },
      { kind: 'open', startedAt: t(3) },
    ]);
  });

  it('ignores heartbeats not newer than the newest applied (late data), across batches', () => {
    const first = run('uuu');
    const late = advance(first.state, { failureThreshold: 1, recoveryThreshold: 1 }, beats('ddd', 0));
    expect(late.state).toEqual(first.state);
    expect(late.changes).toEqual([]);
  });

  it('continues a streak across batches exactly as in one batch', () => {
    const thresholds = { failureThreshold: 3, recoveryThreshold: 2 };
    const whole = advance(fresh, thresholds, beats('uddduddduu'));
    let state = fresh;
    const changes = [];
    for (const [from, to] of [[0, 3], [3, 4], [4, 10]] as const) {
      const step = advance(state, thresholds, beats('uddduddduu'.slice(from, to), from));
      state = step.state;
      changes.push(...step.changes);
    }
    expect(state).toEqual(whole.state);
    expect(changes).toEqual(whole.changes);
  });

  it('does not open a second incident while one is open, nor resolve one that is not', () => {
    const open = { ...fresh, status: 'down' as const, incidentOpen: true, streakKind: 'fail' as const, streakCount: 5, streakStartedAt: t(0), lastHeartbeatAt: t(0) };
    expect(advance(open, { failureThreshold: 1, recoveryThreshold: 1 }, beats('ddd', 10)).changes).toEqual([]);
    const resolvedByHand = { ...open, incidentOpen: false };
    expect(advance(resolvedByHand, { failureThreshold: 1, recoveryThreshold: 1 }, beats('u', 10))).toMatchObject({ state: { status: 'up' }, changes: [] });
  });
});

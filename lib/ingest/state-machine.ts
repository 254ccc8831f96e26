// The status rules of DESIGN.md as a pure function: a monitor's state and its new
// heartbeats in time order → its next state and the incident changes to make.
//
// - failure_threshold consecutive failures (down, timeout, error) make it `down`; fewer
//   make it `pending`. recovery_threshold consecutive `up` make a down monitor `up`.
// - A heartbeat not newer than the newest already applied is late: stored, inert.
// - Going down opens one incident, started at the first failure of the streak; coming
//   back up resolves it at the first success of the recovery streak.
// - Degraded (when the monitor has degradedAfterMs): failure_threshold consecutive `up`
//   checks slower than it make the monitor degraded, from the first of them;
//   recovery_threshold consecutive `up` checks no slower end it, at the first of them. A
//   failing check is neither: it breaks both runs. Degraded is not down: no incident.

export type MonitorStatus = 'unknown' | 'up' | 'pending' | 'down' | 'paused';
export type HeartbeatStatus = 'up' | 'down' | 'timeout' | 'error';

/** The run of up checks by speed, and whether they made the monitor degraded. */
export interface PaceState {
  paceKind: 'slow' | 'normal' | null;
  paceCount: number;
  paceStartedAt: Date | null;
  /** Set while degraded: when the slow run that made it so began. */
  degradedSince: Date | null;
}

export const NO_PACE: PaceState = { paceKind: null, paceCount: 0, paceStartedAt: null, degradedSince: null };

export interface MonitorState {
  status: MonitorStatus;
  lastHeartbeatAt: Date | null;
  streakKind: 'up' | 'fail' | null;
  streakCount: number;
  streakStartedAt: Date | null;
  /** Whether the monitor has an unresolved incident. */
  incidentOpen: boolean;
  /** Kept only when the thresholds carry degradedAfterMs. */
  pace?: PaceState;
}

export interface Thresholds {
  failureThreshold: number;
  recoveryThreshold: number;
  /** Set (a number, or null for "never degraded") to keep the pace; absent: status only. */
  degradedAfterMs?: number | null;
}

export interface CheckResult {
  time: Date;
  status: HeartbeatStatus;
  latencyMs?: number | null;
}

export type IncidentChange = { kind: 'open'; startedAt: Date } | { kind: 'resolve'; resolvedAt: Date };
export type DegradedChange = { kind: 'degraded'; startedAt: Date } | { kind: 'recovered'; endedAt: Date };
export type StateChange = IncidentChange | DegradedChange;

/** One check's effect on the status and the incident (the check is newer than the newest applied). */
export function stepStatus(next: MonitorState, thresholds: Thresholds, heartbeat: CheckResult, changes: StateChange[]): void {
  next.lastHeartbeatAt = heartbeat.time;
  const kind = heartbeat.status === 'up' ? 'up' : 'fail';
  if (next.streakKind === kind) {
    next.streakCount += 1;
  } else {
    next.streakKind = kind;
    next.streakCount = 1;
    next.streakStartedAt = heartbeat.time;
  }
  if (kind === 'fail') {
    if (next.status === 'down') return;
    if (next.streakCount >= thresholds.failureThreshold) {
      next.status = 'down';
      if (!next.incidentOpen) {
        changes.push({ kind: 'open', startedAt: next.streakStartedAt! });
        next.incidentOpen = true;
      }
    } else {
      next.status = 'pending';
    }
  } else if (next.status !== 'down' || next.streakCount >= thresholds.recoveryThreshold) {
    if (next.status === 'down' && next.incidentOpen) {
      changes.push({ kind: 'resolve', resolvedAt: next.streakStartedAt! });
      next.incidentOpen = false;
    }
    next.status = 'up';
  }
}

/** One check's effect on the pace: slow and normal runs, degraded and recovered. */
export function stepPace(pace: PaceState, thresholds: Thresholds, heartbeat: CheckResult, changes: StateChange[]): PaceState {
  const limit = thresholds.degradedAfterMs ?? null;
  if (limit === null) {
    if (pace.degradedSince) changes.push({ kind: 'recovered', endedAt: heartbeat.time });
    return NO_PACE;
  }
  if (heartbeat.status !== 'up') return { ...pace, paceKind: null, paceCount: 0, paceStartedAt: null };
  const kind = heartbeat.latencyMs != null && heartbeat.latencyMs > limit ? 'slow' : 'normal';
  const next: PaceState = pace.paceKind === kind ? { ...pace, paceCount: pace.paceCount + 1 } : { ...pace, paceKind: kind, paceCount: 1, paceStartedAt: heartbeat.time };
  if (kind === 'slow' && !next.degradedSince && next.paceCount >= thresholds.failureThreshold) {
    next.degradedSince = next.paceStartedAt;
    changes.push({ kind: 'degraded', startedAt: next.degradedSince! });
  } else if (kind === 'normal' && next.degradedSince && next.paceCount >= thresholds.recoveryThreshold) {
    next.degradedSince = null;
    changes.push({ kind: 'recovered', endedAt: next.paceStartedAt! });
  }
  return next;
}

export function advance(state: MonitorState, thresholds: Thresholds, heartbeats: readonly CheckResult[]): { state: MonitorState; changes: StateChange[] } {
  const next = { ...state };
  const changes: StateChange[] = [];
  const keepPace = thresholds.degradedAfterMs !== undefined;
  for (const heartbeat of heartbeats) {
    if (next.lastHeartbeatAt && heartbeat.time.getTime() <= next.lastHeartbeatAt.getTime()) continue;
    stepStatus(next, thresholds, heartbeat, changes);
    if (keepPace) next.pace = stepPace(next.pace ?? NO_PACE, thresholds, heartbeat, changes);
  }
  return { state: next, changes };
}

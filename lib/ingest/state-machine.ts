// The status rules of DESIGN.md as a pure function: a monitor's state and its new
// heartbeats in time order → its next state and the incident changes to make.
//
// - failure_threshold consecutive failures (down, timeout, error) make it `down`; fewer
//   make it `pending`. recovery_threshold consecutive `up` make a down monitor `up`.
// - A heartbeat not newer than the newest already applied is late: stored, inert.
// - Going down opens one incident, started at the first failure of the streak; coming
//   back up resolves it at the first success of the recovery streak.

export type MonitorStatus = 'unknown' | 'up' | 'pending' | 'down' | 'paused';
export type HeartbeatStatus = 'up' | 'down' | 'timeout' | 'error';

export interface MonitorState {
  status: MonitorStatus;
  lastHeartbeatAt: Date | null;
  streakKind: 'up' | 'fail' | null;
  streakCount: number;
  streakStartedAt: Date | null;
  /** Whether the monitor has an unresolved incident. */
  incidentOpen: boolean;
}

export interface Thresholds {
  failureThreshold: number;
  recoveryThreshold: number;
}

export type IncidentChange = { kind: 'open'; startedAt: Date } | { kind: 'resolve'; resolvedAt: Date };

export function advance(
  state: MonitorState,
  thresholds: Thresholds,
  heartbeats: readonly { time: Date; status: HeartbeatStatus }[],
): { state: MonitorState; changes: IncidentChange[] } {
  const next = { ...state };
  const changes: IncidentChange[] = [];
  for (const heartbeat of heartbeats) {
    if (next.lastHeartbeatAt && heartbeat.time.getTime() <= next.lastHeartbeatAt.getTime()) continue;
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
      if (next.status === 'down') continue;
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
  return { state: next, changes };
}

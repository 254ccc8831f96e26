// The rules for a monitor checked from several agents ("locations"), as a pure function
// (lib/ingest/ingest-batch.ts feeds it, tests/unit/quorum.test.ts checks it against brute force).
//
// - Each location runs the status machine of one monitor (state-machine.ts) on its own
//   checks, with the monitor's thresholds: its own failing streak, its own pace.
// - Rule: any (k = 1), k of n, or all (k = the live locations). A location whose agent is
//   offline does not vote. With fewer live locations than the rule needs (k, or 1), the
//   monitor is stale: nothing opens or resolves until enough are back.
// - Down when at least k live locations are down (confirmed) at once: the incident starts
//   when the k-th of their failing streaks began. Up again as soon as fewer than k are:
//   resolved when the location that brought the count below k recovered (the first success
//   of its recovery streak). Pending while k or more fail but fewer than k are confirmed.
// - Degraded, likewise, when at least k live locations that are up are degraded.

import {
  type CheckResult,
  type MonitorState,
  type MonitorStatus,
  NO_PACE,
  type PaceState,
  type StateChange,
  stepPace,
  stepStatus,
  type Thresholds,
} from './state-machine';

export type QuorumRuleKind = 'any' | 'k' | 'all';
export interface QuorumRule {
  rule: QuorumRuleKind;
  k: number;
}

/** One location's own state: the status machine's, without an incident. */
export type LocationState = Omit<MonitorState, 'incidentOpen' | 'pace'> & {
  pace: PaceState;
  /** Set while this location is down: when the failing streak that made it so began. */
  downSince: Date | null;
};

export const FRESH_LOCATION: LocationState = {
  status: 'unknown',
  lastHeartbeatAt: null,
  streakKind: null,
  streakCount: 0,
  streakStartedAt: null,
  pace: NO_PACE,
  downSince: null,
};

export interface Location {
  agentId: string;
  /** Its agent is online (DESIGN: seen within 3 × pollSeconds). */
  live: boolean;
  state: LocationState;
}

/** What the monitor itself carries. */
export interface QuorumMonitor {
  status: MonitorStatus;
  incidentOpen: boolean;
  degradedSince: Date | null;
}

/** How many live locations must agree, given how many are live. */
export function needed(rule: QuorumRule, live: number): number {
  return rule.rule === 'any' ? 1 : rule.rule === 'k' ? rule.k : Math.max(1, live);
}

/** Whether too few locations are live for the rule to say anything (the monitor is stale). */
export function tooFewLive(rule: QuorumRule, live: number): boolean {
  return live < (rule.rule === 'k' ? rule.k : 1);
}

const byTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? 0) - (b?.getTime() ?? 0);

/**
 * Apply one location's new checks (any order; late ones are inert) and re-judge the monitor
 * after each. `locations` holds every location of the monitor, the reporting one included
 * (it is live: it just reported).
 */
export function advanceQuorum(
  monitor: QuorumMonitor,
  locations: readonly Location[],
  rule: QuorumRule,
  thresholds: Thresholds,
  agentId: string,
  heartbeats: readonly CheckResult[],
): { monitor: QuorumMonitor; location: LocationState; changes: StateChange[] } {
  const others = locations.filter((l) => l.agentId !== agentId && l.live).map((l) => l.state);
  let next: QuorumMonitor = { ...monitor };
  const changes: StateChange[] = [];
  const location = advanceLocation(locations.find((l) => l.agentId === agentId)?.state ?? FRESH_LOCATION, thresholds, heartbeats, (state, heartbeat, moved) => {
    next = judge(next, [...others, state], rule, heartbeat.time, moved, changes);
  });
  return { monitor: next, location, changes };
}

/**
 * One location's own machine over its new checks (late ones skipped), calling `after` after
 * each with when it recovered from down or from degraded, if that check did.
 */
export function advanceLocation(
  own: LocationState,
  thresholds: Thresholds,
  heartbeats: readonly CheckResult[],
  after?: (state: LocationState, heartbeat: CheckResult, moved: { recoveredAt: Date | null; paceRecoveredAt: Date | null }) => void,
): LocationState {
  const keepPace = thresholds.degradedAfterMs !== undefined;
  // Built field by field, not by spreading and rest-destructuring: this runs for every check
  // of a monitor with several locations, and the generic object copies cost eight times the
  // machine itself.
  const location: LocationState & { incidentOpen: boolean } = {
    status: own.status,
    lastHeartbeatAt: own.lastHeartbeatAt,
    streakKind: own.streakKind,
    streakCount: own.streakCount,
    streakStartedAt: own.streakStartedAt,
    pace: own.pace,
    downSince: own.downSince,
    incidentOpen: own.status === 'down',
  };
  for (const heartbeat of inTimeOrder(heartbeats)) {
    if (location.lastHeartbeatAt && heartbeat.time.getTime() <= location.lastHeartbeatAt.getTime()) continue;
    const wasDown = location.status === 'down';
    const wasDegraded = location.pace.degradedSince !== null;
    stepStatus(location, thresholds, heartbeat, []);
    if (!wasDown && location.status === 'down') location.downSince = location.streakStartedAt;
    else if (location.status !== 'down') location.downSince = null;
    if (keepPace) location.pace = stepPace(location.pace, thresholds, heartbeat, []);
    after?.(location, heartbeat, {
      recoveredAt: wasDown && location.status !== 'down' ? location.streakStartedAt! : null,
      paceRecoveredAt: wasDegraded && !location.pace.degradedSince ? location.pace.paceStartedAt : null,
    });
  }
  return {
    status: location.status,
    lastHeartbeatAt: location.lastHeartbeatAt,
    streakKind: location.streakKind,
    streakCount: location.streakCount,
    streakStartedAt: location.streakStartedAt,
    pace: location.pace,
    downSince: location.downSince,
  };
}

/** The checks in time order: as given when they already are (ingest sorts them), else a sorted copy. */
function inTimeOrder(heartbeats: readonly CheckResult[]): readonly CheckResult[] {
  for (let i = 1; i < heartbeats.length; i++) {
    if (heartbeats[i]!.time.getTime() < heartbeats[i - 1]!.time.getTime()) return [...heartbeats].sort((a, b) => a.time.getTime() - b.time.getTime());
  }
  return heartbeats;
}

/**
 * The monitor judged again without new checks (an agent went offline or came back, so the
 * live locations changed), at `now`: what it becomes and the changes to make.
 */
export function rejudgeQuorum(monitor: QuorumMonitor, locations: readonly Location[], rule: QuorumRule, now: Date): { monitor: QuorumMonitor; changes: StateChange[] } {
  const changes: StateChange[] = [];
  const next = judge(monitor, locations.filter((l) => l.live).map((l) => l.state), rule, now, { recoveredAt: null, paceRecoveredAt: null }, changes);
  return { monitor: next, changes };
}

/** Whether a location's verdict (what the quorum counts) differs: down or not, since when, degraded or not. */
export function locationMoved(before: LocationState | undefined, after: LocationState): boolean {
  return (
    !before ||
    before.status !== after.status ||
    before.downSince?.getTime() !== after.downSince?.getTime() ||
    before.pace.degradedSince?.getTime() !== after.pace.degradedSince?.getTime()
  );
}

/** The monitor after a change of its live locations' states, at `time`. */
function judge(
  monitor: QuorumMonitor,
  live: readonly LocationState[],
  rule: QuorumRule,
  time: Date,
  reporting: { recoveredAt: Date | null; paceRecoveredAt: Date | null },
  changes: StateChange[],
): QuorumMonitor {
  if (tooFewLive(rule, live.length)) return monitor;
  const k = needed(rule, live.length);
  const next = { ...monitor };
  const down = live.filter((l) => l.status === 'down').sort((a, b) => byTime(a.downSince, b.downSince));
  const failing = live.filter((l) => l.status === 'down' || l.status === 'pending').length;
  if (down.length >= k) {
    next.status = 'down';
    if (!next.incidentOpen) {
      changes.push({ kind: 'open', startedAt: down[k - 1]!.downSince! });
      next.incidentOpen = true;
    }
  } else {
    if (next.incidentOpen && next.status === 'down') {
      changes.push({ kind: 'resolve', resolvedAt: reporting.recoveredAt ?? time });
      next.incidentOpen = false;
    }
    if (failing >= k) next.status = 'pending';
    else if (next.status === 'down' || next.status === 'pending' || live.some((l) => l.status === 'up')) next.status = 'up';
  }
  // As with one location, degraded stays underneath a failure: a failing check breaks a run, never ends it.
  const slow = live.filter((l) => l.pace.degradedSince).sort((a, b) => byTime(a.pace.degradedSince, b.pace.degradedSince));
  if (slow.length >= k && !next.degradedSince) {
    next.degradedSince = slow[k - 1]!.pace.degradedSince;
    changes.push({ kind: 'degraded', startedAt: next.degradedSince! });
  } else if (slow.length < k && next.degradedSince) {
    changes.push({ kind: 'recovered', endedAt: reporting.paceRecoveredAt ?? time });
    next.degradedSince = null;
  }
  return next;
}

/** The live locations confirmed down: fewer than k of them make the monitor "partial". */
export function failingLocations(locations: readonly Location[]): Location[] {
  return locations.filter((l) => l.live && l.state.status === 'down');
}

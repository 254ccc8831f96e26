import type { AgentMonitor } from '../lib/contracts/agent-config';
import type { Heartbeat } from '../lib/contracts/heartbeats';
import type { CheckResult } from './checks';

// Runs each monitor every intervalSeconds: the first run spread at random over the
// interval (no thundering herd at start), later runs on a fixed grid from it (no drift
// builds up), never overlapping itself, at most `concurrency` checks at once. A result's
// time is when its check started.

interface Entry {
  monitor: AgentMonitor;
  nextRunAt: number;
  timer: NodeJS.Timeout | null;
  running: boolean;
}

export interface SchedulerOptions {
  concurrency: number;
  runCheck: (monitor: AgentMonitor) => Promise<CheckResult>;
  onResult: (heartbeat: Heartbeat) => void;
  onSkip?: (monitor: AgentMonitor) => void;
  now?: () => number;
  random?: () => number;
}

/** A certificate seen before is sent again only after this long (the server keeps the latest). */
const CERTIFICATE_RESEND_MS = 60 * 60_000;
/** Assertions that all pass, as they passed last time, are sent again only after this long. */
const ASSERTIONS_RESEND_MS = 5 * 60_000;

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  /** monitor id → the certificate fingerprint last reported, and when */
  private readonly certificatesSent = new Map<string, { fingerprint: string; at: number }>();
  /** monitor id → which assertions passed when their results were last reported, and when */
  private readonly assertionsSent = new Map<string, { passed: string; at: number }>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** Make the scheduled monitors exactly `monitors`: add, change and remove, keeping in-flight checks. */
  update(monitors: AgentMonitor[]): void {
    const seen = new Set<string>();
    // Monitors with equal options (defaults, the same assertions) share one copy of them:
    // 10,000 monitors with the same four assertions hold them once. Checks never change options.
    const sharedOptions = new Map<string, AgentMonitor['options']>();
    for (const given of monitors) {
      const key = `${given.type} ${JSON.stringify(given.options)}`;
      const options = sharedOptions.get(key) ?? given.options;
      sharedOptions.set(key, options);
      const monitor = options === given.options ? given : ({ ...given, options } as AgentMonitor);
      seen.add(monitor.id);
      const entry = this.entries.get(monitor.id);
      if (!entry) {
        const jitter = (this.options.random ?? Math.random)() * monitor.intervalSeconds * 1000;
        const added: Entry = { monitor, nextRunAt: this.now() + jitter, timer: null, running: false };
        this.entries.set(monitor.id, added);
        this.arm(added);
      } else {
        const intervalChanged = entry.monitor.intervalSeconds !== monitor.intervalSeconds;
        entry.monitor = monitor;
        if (intervalChanged) {
          entry.nextRunAt = Math.min(entry.nextRunAt, this.now() + monitor.intervalSeconds * 1000);
          this.arm(entry);
        }
      }
    }
    for (const [id, entry] of this.entries) {
      if (seen.has(id)) continue;
      if (entry.timer) clearTimeout(entry.timer);
      this.entries.delete(id);
      this.certificatesSent.delete(id);
      this.assertionsSent.delete(id);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private arm(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    if (this.stopped) return;
    entry.timer = setTimeout(() => this.due(entry), Math.max(0, entry.nextRunAt - this.now()));
  }

  private due(entry: Entry): void {
    entry.timer = null;
    if (this.entries.get(entry.monitor.id) !== entry || this.stopped) return;
    const interval = entry.monitor.intervalSeconds * 1000;
    // The next slot on the grid, skipping slots already missed.
    const now = this.now();
    entry.nextRunAt += interval;
    if (entry.nextRunAt <= now) entry.nextRunAt += Math.ceil((now - entry.nextRunAt + 1) / interval) * interval;
    this.arm(entry);
    if (entry.running) {
      this.options.onSkip?.(entry.monitor);
      return;
    }
    entry.running = true;
    const run = this.run(entry).finally(() => {
      entry.running = false;
      this.inFlight.delete(run);
    });
    this.inFlight.add(run);
  }

  private async run(entry: Entry): Promise<void> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      const monitor = entry.monitor;
      const time = new Date(this.now()).toISOString();
      const result = await this.options.runCheck(monitor);
      this.options.onResult({ monitorId: monitor.id, time, ...this.withoutRepeats(monitor.id, result) });
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  /**
   * The result without what the server already has, so batches (and the agent's memory)
   * stay small: a certificate reported within the hour, and assertions that all pass as
   * they did when reported within the last 5 minutes. A failing assertion always goes.
   */
  private withoutRepeats(monitorId: string, result: CheckResult): CheckResult {
    const now = this.now();
    let { certificate, assertions } = result;
    if (certificate) {
      const sent = this.certificatesSent.get(monitorId);
      if (sent && sent.fingerprint === certificate.fingerprint && now - sent.at < CERTIFICATE_RESEND_MS) certificate = undefined;
      else this.certificatesSent.set(monitorId, { fingerprint: certificate.fingerprint, at: now });
    }
    if (assertions) {
      const passed = assertions.map((assertion) => (assertion.passed ? '1' : '0')).join('');
      const sent = this.assertionsSent.get(monitorId);
      if (!passed.includes('0') && sent?.passed === passed && now - sent.at < ASSERTIONS_RESEND_MS) assertions = undefined;
      else this.assertionsSent.set(monitorId, { passed, at: now });
    }
    if (certificate === result.certificate && assertions === result.assertions) return result;
    const { certificate: _c, assertions: _a, ...rest } = result;
    return { ...rest, ...(certificate ? { certificate } : {}), ...(assertions ? { assertions } : {}) };
  }

  /** Stop scheduling; resolves when the checks in flight have reported (or after `timeoutMs`). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }
}

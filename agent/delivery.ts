import type { Heartbeat, HeartbeatBatchResult } from '../lib/contracts/heartbeats';
import { MAX_BATCH_ITEMS } from '../lib/contracts/heartbeats';
import { DeliveryError } from './client';
import type { Logger } from './log';
import type { Spool } from './spool';

// Gets results to the server exactly once and in order. Results gather in a bounded
// in-memory batch, flushed every `flushMs` or at 500. One sender sends batches in order:
// spooled ones (oldest first), then fresh ones. A failed upload that is worth retrying
// (network, 429, 5xx) goes to the spool, and the sender waits before trying again: the
// Retry-After the server gave, plus up to half again; without one, exponential backoff with
// jitter. Other 4xx answers are logged and dropped. Only a kill -9 loses anything: the batch not yet flushed.

export interface DeliveryOptions {
  send: (heartbeats: Heartbeat[]) => Promise<HeartbeatBatchResult>;
  spool: Spool;
  log: Logger;
  flushMs?: number;
  batchSize?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * How long to wait before sending a refused batch again, and the backoff to remember.
 * The server said when to come back (a 503 from a saturated instance, a 429): then, plus up
 * to half again so agents refused together do not all return together. Not later and later:
 * an agent that doubled its wait on every refusal came back 8 s after a 1 s Retry-After, its
 * results stale meanwhile, while the slots went to others. No word from the server
 * (unreachable, a proxy's 502): exponential backoff with jitter.
 */
export function retryWait(
  backoffMs: number,
  retryAfterMs: number | undefined,
  { minBackoffMs = 1000, maxBackoffMs = 60_000 }: { minBackoffMs?: number; maxBackoffMs?: number } = {},
): { waitMs: number; backoffMs: number } {
  if (retryAfterMs !== undefined) return { waitMs: retryAfterMs * (1 + Math.random() / 2), backoffMs };
  const next = Math.min(maxBackoffMs, backoffMs ? backoffMs * 2 : minBackoffMs);
  return { waitMs: next * (0.5 + Math.random() / 2), backoffMs: next };
}

export interface DeliveryStats {
  delivered: number;
  failures: number;
}

export class Delivery {
  private pending: Heartbeat[] = [];
  private readonly queue: Heartbeat[][] = [];
  private readonly timer: NodeJS.Timeout;
  private wake: (() => void) | null = null;
  private backoffMs = 0;
  private stopping = false;
  private readonly loop: Promise<void>;
  readonly stats: DeliveryStats = { delivered: 0, failures: 0 };

  constructor(private readonly options: DeliveryOptions) {
    this.timer = setInterval(() => this.flush(), options.flushMs ?? 2000);
    this.loop = this.run();
  }

  private get batchSize() {
    return Math.min(this.options.batchSize ?? 500, MAX_BATCH_ITEMS);
  }

  add(heartbeat: Heartbeat): void {
    this.pending.push(heartbeat);
    if (this.pending.length >= this.batchSize) this.flush();
  }

  /** Hand the in-memory batch to the sender. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Behind spooled batches, fresh ones wait their turn on disk, keeping the order.
    if (this.options.spool.batches > 0) this.options.spool.append(batch);
    else this.queue.push(batch);
    this.wake?.();
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        // New work does not cut a backoff short; only stopping does.
        if (this.stopping) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    this.wake = null;
  }

  private async idle(): Promise<void> {
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
  }

  private async deliver(heartbeats: Heartbeat[]): Promise<'done' | 'retry'> {
    try {
      const result = await this.options.send(heartbeats);
      this.stats.delivered += heartbeats.length;
      this.backoffMs = 0;
      if (result.rejected.length) {
        this.options.log.warn('heartbeats.rejected', { count: result.rejected.length, reasons: [...new Set(result.rejected.map((r) => r.reason))] });
      }
      return 'done';
    } catch (error) {
      this.stats.failures += 1;
      if (error instanceof DeliveryError && !error.retryable) {
        this.options.log.error('heartbeats.refused', { status: error.status, message: error.message, dropped: heartbeats.length });
        return 'done';
      }
      const { waitMs: wait, backoffMs } = retryWait(this.backoffMs, error instanceof DeliveryError ? error.retryAfterMs : undefined, this.options);
      this.backoffMs = backoffMs;
      this.options.log.warn('heartbeats.retry', { message: (error as Error).message, inSeconds: Math.round(wait / 100) / 10, spooled: this.options.spool.batches });
      await this.sleep(wait);
      return 'retry';
    }
  }

  private async run(): Promise<void> {
    for (;;) {
      const spooled = this.options.spool.oldest();
      if (spooled) {
        if ((await this.deliver(spooled.heartbeats)) === 'done') this.options.spool.remove(spooled);
        else if (this.stopping) return;
        continue;
      }
      const batch = this.queue.shift();
      if (batch) {
        if ((await this.deliver(batch)) === 'retry') {
          // Keep it, and everything behind it, on disk until the server is back.
          this.options.spool.append(batch);
          for (const next of this.queue.splice(0)) this.options.spool.append(next);
          if (this.stopping) return;
        }
        continue;
      }
      if (this.stopping) return;
      await this.idle();
    }
  }

  /** Flush, try to deliver everything within `timeoutMs`; what is left stays in the spool. */
  async stop(timeoutMs: number): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    this.stopping = true;
    this.wake?.();
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    for (const batch of this.queue.splice(0)) this.options.spool.append(batch);
  }

  get spooledBatches(): number {
    return this.options.spool.batches;
  }
}

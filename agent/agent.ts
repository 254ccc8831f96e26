import { runCheck } from './checks';
import { AgentClient, DeliveryError } from './client';
import { Delivery } from './delivery';
import type { Logger } from './log';
import { AgentMetrics } from './metrics';
import { Scheduler } from './scheduler';
import { loadConfig, saveConfig } from './saved-config';
import { Spool } from './spool';

export interface AgentOptions {
  server: string;
  token: string;
  spoolDir: string;
  concurrency: number;
  log: Logger;
  spoolMaxBytes?: number;
  flushMs?: number;
  /** Serve Prometheus metrics on this port (127.0.0.1, or metricsHost). */
  metricsPort?: number;
  metricsHost?: string;
}

export interface RunningAgent {
  stop(timeoutMs?: number): Promise<void>;
  readonly scheduler: Scheduler;
  readonly delivery: Delivery;
  readonly metrics: AgentMetrics;
}

/** Fetch the configuration every pollSeconds, run the checks, deliver the results. */
export function startAgent(options: AgentOptions): RunningAgent {
  const { log } = options;
  const client = new AgentClient(options.server, options.token);
  const spool = new Spool(options.spoolDir, options.spoolMaxBytes ?? 100 * 1024 * 1024, (batches, heartbeats) =>
    log.warn('spool.full', { droppedBatches: batches, droppedHeartbeats: heartbeats }),
  );
  const delivery = new Delivery({ send: (heartbeats) => client.postHeartbeats(heartbeats), spool, log, flushMs: options.flushMs });
  const scheduler: Scheduler = new Scheduler({
    concurrency: options.concurrency,
    runCheck: async (monitor) => {
      const started = process.hrtime.bigint();
      const result = await runCheck(monitor);
      metrics.recordCheck(monitor.type, result.status, Number(process.hrtime.bigint() - started) / 1e9);
      return result;
    },
    onResult: (heartbeat) => {
      log.debug('check.done', { monitor: heartbeat.monitorId, status: heartbeat.status, latencyMs: heartbeat.latencyMs });
      delivery.add(heartbeat);
    },
    onSkip: (monitor) => log.warn('check.skipped', { monitor: monitor.id, reason: 'the previous run is still going' }),
  });
  const metrics = new AgentMetrics({
    uploadFailures: () => delivery.stats.failures,
    spoolBatches: () => spool.batches,
    spoolBytes: () => spool.bytes,
    monitors: () => scheduler.size,
  });
  const metricsServer = options.metricsPort === undefined ? null : metrics.serve(options.metricsPort, options.metricsHost);
  if (spool.batches) log.info('spool.found', { batches: spool.batches });

  let etag: string | null = null;
  let pollSeconds = 30;
  // A configuration is running (from the server, or the saved one while it is unreachable).
  let configured = false;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const poll = async () => {
    try {
      const fetched = await client.fetchConfig(etag);
      if (fetched) {
        etag = fetched.etag;
        pollSeconds = fetched.config.pollSeconds;
        scheduler.update(fetched.config.monitors);
        configured = true;
        log.info('config.loaded', { agent: fetched.config.agent.name, monitors: fetched.config.monitors.length });
        if (fetched.skipped) log.warn('config.monitors_skipped', { monitors: fetched.skipped, message: 'monitors of a kind this agent does not know: update the agent' });
        try {
          if (fetched.etag) saveConfig(options.spoolDir, options.server, options.token, fetched.etag, fetched.config);
        } catch (error) {
          log.warn('config.not_saved', { message: (error as Error).message });
        }
      }
      if (failures) log.info('server.reachable', { server: options.server });
      failures = 0;
    } catch (error) {
      failures += 1;
      const message =
        error instanceof DeliveryError && error.status === 401
          ? `the server refused the token (${error.message}); check --token`
          : (error as Error).message;
      log.error('config.failed', { message, retryInSeconds: Math.min(300, pollSeconds * 2 ** Math.min(failures - 1, 4)) });
      // Restarted while the server is unreachable: check from the last configuration it
      // sent and spool the results. Not when it refused the token: nothing could be delivered.
      const refused = error instanceof DeliveryError && error.status === 401;
      const saved = configured || refused ? null : loadConfig(options.spoolDir, options.server, options.token);
      if (saved) {
        etag = saved.etag;
        pollSeconds = saved.config.pollSeconds;
        scheduler.update(saved.config.monitors);
        configured = true;
        log.warn('config.saved_used', { monitors: saved.config.monitors.length, message: 'the server is unreachable: checking with the last configuration it sent; results are spooled' });
      }
    }
    if (!stopped) {
      const delay = failures ? Math.min(300, pollSeconds * 2 ** Math.min(failures - 1, 4)) : pollSeconds;
      timer = setTimeout(() => void poll(), delay * 1000);
    }
  };
  void poll();

  return {
    scheduler,
    delivery,
    metrics,
    async stop(timeoutMs = 10_000) {
      metricsServer?.close();
      stopped = true;
      if (timer) clearTimeout(timer);
      const deadline = Date.now() + timeoutMs;
      await scheduler.stop(timeoutMs / 2);
      await delivery.stop(Math.max(0, deadline - Date.now()));
      await client.close().catch(() => undefined);
    },
  };
}

import http from 'node:http';

// Prometheus text metrics of the agent itself (--metrics-port), without a client library:
// checks by type and result, a check duration histogram, upload failures, spool size.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class AgentMetrics {
  private readonly checks = new Map<string, number>();
  private readonly durationBuckets = new Map<string, number[]>();
  private readonly durationSum = new Map<string, number>();
  private readonly durationCount = new Map<string, number>();

  constructor(private readonly gauges: { uploadFailures: () => number; spoolBatches: () => number; spoolBytes: () => number; monitors: () => number }) {}

  recordCheck(type: string, status: string, seconds: number): void {
    const key = `${type}\u0000${status}`;
    this.checks.set(key, (this.checks.get(key) ?? 0) + 1);
    const buckets = this.durationBuckets.get(type) ?? BUCKETS.map(() => 0);
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) buckets[i]! += 1;
    });
    this.durationBuckets.set(type, buckets);
    this.durationSum.set(type, (this.durationSum.get(type) ?? 0) + seconds);
    this.durationCount.set(type, (this.durationCount.get(type) ?? 0) + 1);
  }

  render(): string {
    const lines = [
      '# HELP watchpost_agent_checks_total Checks run, by monitor type and result.',
      '# TYPE watchpost_agent_checks_total counter',
      ...[...this.checks].map(([key, value]) => {
        const [type, status] = key.split('\u0000');
        return `watchpost_agent_checks_total{type="${type}",result="${status}"} ${value}`;
      }),
      '# HELP watchpost_agent_check_duration_seconds How long checks took, by monitor type.',
      '# TYPE watchpost_agent_check_duration_seconds histogram',
    ];
    for (const [type, buckets] of this.durationBuckets) {
      BUCKETS.forEach((bound, i) => lines.push(`watchpost_agent_check_duration_seconds_bucket{type="${type}",le="${bound}"} ${buckets[i]}`));
      lines.push(`watchpost_agent_check_duration_seconds_bucket{type="${type}",le="+Inf"} ${this.durationCount.get(type)}`);
      lines.push(`watchpost_agent_check_duration_seconds_sum{type="${type}"} ${this.durationSum.get(type)}`);
      lines.push(`watchpost_agent_check_duration_seconds_count{type="${type}"} ${this.durationCount.get(type)}`);
    }
    lines.push(
      '# HELP watchpost_agent_upload_failures_total Uploads of results that failed.',
      '# TYPE watchpost_agent_upload_failures_total counter',
      `watchpost_agent_upload_failures_total ${this.gauges.uploadFailures()}`,
      '# HELP watchpost_agent_spool_batches Batches of results waiting on disk.',
      '# TYPE watchpost_agent_spool_batches gauge',
      `watchpost_agent_spool_batches ${this.gauges.spoolBatches()}`,
      '# HELP watchpost_agent_spool_bytes Bytes of results waiting on disk.',
      '# TYPE watchpost_agent_spool_bytes gauge',
      `watchpost_agent_spool_bytes ${this.gauges.spoolBytes()}`,
      '# HELP watchpost_agent_monitors Monitors scheduled.',
      '# TYPE watchpost_agent_monitors gauge',
      `watchpost_agent_monitors ${this.gauges.monitors()}`,
    );
    return `${lines.join('\n')}\n`;
  }

  serve(port: number, host = '127.0.0.1'): http.Server {
    return http
      .createServer((req, res) => {
        if (req.url !== '/metrics') {
          res.writeHead(404).end('Try /metrics\n');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(this.render());
      })
      .listen(port, host);
  }
}

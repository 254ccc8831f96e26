import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { type AgentConfig, agentConfigSchema, type AgentMonitor, agentMonitorSchema } from '../lib/contracts/agent-config';
import { type Heartbeat, type HeartbeatBatchResult, HEARTBEATS_PATH } from '../lib/contracts/heartbeats';
import { USER_AGENT } from './version';

// The agent protocol v1 from the agent's side.

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** Worth trying again later (network, 429, 5xx). */
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class AgentClient {
  // Node's own client (no bundled HTTP library): a few kept-alive connections to the server.
  private readonly agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }) };

  constructor(
    private readonly server: string,
    private readonly token: string,
  ) {}

  private call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    const url = new URL(path, this.server);
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const unreachable = (error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new DeliveryError(`cannot reach ${this.server} (${code ?? (error as Error).message})`, true));
      };
      const request = (secure ? https : http).request(
        url,
        {
          method,
          agent: this.agents[secure ? 'https:' : 'http:'],
          headers: { authorization: `Bearer ${this.token}`, 'user-agent': USER_AGENT, ...headers },
          timeout: 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', unreachable);
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('timeout', () => request.destroy(Object.assign(new Error('no answer within 30 s'), { code: 'ETIMEDOUT' })));
      request.on('error', unreachable);
      request.end(body);
    });
  }

  private static failure(answer: Answer): DeliveryError {
    let message = `HTTP ${answer.status}`;
    try {
      message = `${message}: ${(JSON.parse(answer.text) as { error: { message: string } }).error.message}`;
    } catch {
      // not a Watchpost error body
    }
    const retryAfter = Number(answer.headers['retry-after']);
    const retryable = answer.status === 429 || answer.status >= 500;
    return new DeliveryError(message, retryable, answer.status, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
  }

  /** The configuration, or null when it is unchanged since `etag`. */
  async fetchConfig(etag: string | null): Promise<{ config: AgentConfig; etag: string | null; skipped: number } | null> {
    const answer = await this.call('GET', '/api/v1/agent/config', etag ? { 'if-none-match': etag } : {});
    if (answer.status === 304) return null;
    if (answer.status !== 200) throw AgentClient.failure(answer);
    // A monitor this agent cannot run (a type or an option from a newer server) is skipped,
    // not a reason to refuse the whole configuration.
    const raw = agentConfigSchema.extend({ monitors: z.array(z.unknown()) }).parse(JSON.parse(answer.text));
    const monitors: AgentMonitor[] = [];
    for (const monitor of raw.monitors) {
      const parsed = agentMonitorSchema.safeParse(monitor);
      if (parsed.success) monitors.push(parsed.data);
    }
    const header = answer.headers.etag;
    return { config: { ...raw, monitors }, etag: typeof header === 'string' ? header : null, skipped: raw.monitors.length - monitors.length };
  }

  async postHeartbeats(heartbeats: Heartbeat[]): Promise<HeartbeatBatchResult> {
    const answer = await this.call('POST', HEARTBEATS_PATH, { 'content-type': 'application/json' }, JSON.stringify({ heartbeats }));
    if (answer.status !== 202) throw AgentClient.failure(answer);
    return JSON.parse(answer.text) as HeartbeatBatchResult;
  }

  async close(): Promise<void> {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

import { Agent, request } from 'undici';
import { type AgentConfig, agentConfigSchema } from '../lib/contracts/agent-config';
import type { Heartbeat, HeartbeatBatchResult } from '../lib/contracts/heartbeats';

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

export class AgentClient {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 4 });

  constructor(
    private readonly server: string,
    private readonly token: string,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string) {
    try {
      return await request(new URL(path, this.server), {
        method,
        dispatcher: this.dispatcher,
        headers: { authorization: `Bearer ${this.token}`, 'user-agent': 'Watchpost-Agent/1', ...headers },
        body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new DeliveryError(`cannot reach ${this.server} (${code ?? (error as Error).message})`, true);
    }
  }

  private static async failure(response: Awaited<ReturnType<typeof request>>): Promise<DeliveryError> {
    const text = await response.body.text().catch(() => '');
    let message = `HTTP ${response.statusCode}`;
    try {
      message = `${message}: ${(JSON.parse(text) as { error: { message: string } }).error.message}`;
    } catch {
      // not a Watchpost error body
    }
    const retryAfter = Number(response.headers['retry-after']);
    const retryable = response.statusCode === 429 || response.statusCode >= 500;
    return new DeliveryError(message, retryable, response.statusCode, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
  }

  /** The configuration, or null when it is unchanged since `etag`. */
  async fetchConfig(etag: string | null): Promise<{ config: AgentConfig; etag: string | null } | null> {
    const response = await this.call('GET', '/api/v1/agent/config', etag ? { 'if-none-match': etag } : {});
    if (response.statusCode === 304) {
      await response.body.dump();
      return null;
    }
    if (response.statusCode !== 200) throw await AgentClient.failure(response);
    const config = agentConfigSchema.parse(await response.body.json());
    const header = response.headers.etag;
    return { config, etag: typeof header === 'string' ? header : null };
  }

  async postHeartbeats(heartbeats: Heartbeat[]): Promise<HeartbeatBatchResult> {
    const response = await this.call('POST', '/api/v1/agent/heartbeats', { 'content-type': 'application/json' }, JSON.stringify({ heartbeats }));
    if (response.statusCode !== 202) throw await AgentClient.failure(response);
    return (await response.body.json()) as HeartbeatBatchResult;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

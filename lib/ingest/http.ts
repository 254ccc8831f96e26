import 'server-only';
import type http from 'node:http';
import { agentApiError, authenticateAgent, markAgentSeen } from '@/lib/agents/authenticate';
import { HEARTBEATS_PATH, MAX_BATCH_BYTES } from '@/lib/contracts/heartbeats';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { readNodeBodyLimited } from '@/lib/http/read-body';
import { serveOnNode } from '@/lib/http/node-routes';
import { admitAgentRequest, ingestClient, withIngestSlot } from './admission';
import { countIngestedBatch, countRefusedBatch } from './count';
import { ingestBatch } from './ingest-batch';
import { parseBatch } from './parse-batch';

// POST /api/v1/agent/heartbeats, whoever serves it: Next.js's route handler
// (app/api/v1/agent/heartbeats/route.ts: tests, `next dev`) or, under `npm start`, the
// front itself on Node's request and response (serveIngestOnNode, lib/http/node-routes.ts).

/** What answering a batch needs of its request. */
export interface BatchRequest {
  headers: Pick<Headers, 'get'>;
  /** The body as text, refused with a 413 as soon as it passes `limit` bytes. */
  text(limit: number): Promise<string>;
}

export interface BatchAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Authenticate, admit, parse and store one batch: 202 with what was accepted, or the error. */
export async function answerBatch(request: BatchRequest): Promise<BatchAnswer> {
  const startedAt = performance.now();
  try {
    const env = getEnv();
    return await withIngestSlot(env.INGEST_MAX_IN_FLIGHT ?? env.DATABASE_POOL_SIZE * 2, async () => {
      const agent = await authenticateAgent(request);
      admitAgentRequest(agent.id, env.INGEST_MAX_REQUESTS_PER_MINUTE);
      if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the batch as Content-Type: application/json.');
      }
      const heartbeats = parseBatch(await request.text(MAX_BATCH_BYTES));
      const result = await ingestBatch(agent, heartbeats);
      // The batch is committed: a failure to note the agent's visit must not turn that into an error.
      await markAgentSeen(agent.id, agent.version).catch(() => undefined);
      countIngestedBatch(result, startedAt);
      return { status: 202, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
    }, env.DATABASE_POOL_SIZE, ingestClient(request.headers.get('authorization')));
  } catch (error) {
    countRefusedBatch(error);
    const response = agentApiError(error);
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  }
}

/** A Node request's header as Headers.get gives it: repeated ones joined, absent ones null. */
function nodeHeader(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** From now on `npm start`'s front answers batches itself, not through Next.js (lib/http/node-routes.ts); the function returned stops that. */
export function serveIngestOnNode(): () => void {
  return serveOnNode('POST', HEARTBEATS_PATH, async (req, res) => {
    const answer = await answerBatch({ headers: { get: (name) => nodeHeader(req, name) }, text: (limit) => readNodeBodyLimited(req, limit) });
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
}

import { agentApiError, authenticateAgent, markAgentSeen } from '@/lib/agents/authenticate';
import { MAX_BATCH_BYTES } from '@/lib/contracts/heartbeats';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { admitAgentRequest, ingestClient, withIngestSlot } from '@/lib/ingest/admission';
import { countIngestedBatch, countRefusedBatch } from '@/lib/ingest/count';
import { ingestBatch } from '@/lib/ingest/ingest-batch';
import { parseBatch } from '@/lib/ingest/parse-batch';
import { readBodyLimited } from '@/lib/http/read-body';

export const dynamic = 'force-dynamic';

// POST /api/v1/agent/heartbeats — ingest one batch
export async function POST(request: Request): Promise<Response> {
  const startedAt = performance.now();
  try {
    const env = getEnv();
    return await withIngestSlot(env.INGEST_MAX_IN_FLIGHT ?? env.DATABASE_POOL_SIZE * 2, async () => {
      const agent = await authenticateAgent(request);
      admitAgentRequest(agent.id, env.INGEST_MAX_REQUESTS_PER_MINUTE);
      if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the batch as Content-Type: application/json.');
      }
      const heartbeats = parseBatch(await readBodyLimited(request, MAX_BATCH_BYTES));
      const result = await ingestBatch(agent, heartbeats);
      // The batch is committed: a failure to note the agent's visit must not turn that into an error.
      await markAgentSeen(agent.id, agent.version).catch(() => undefined);
      countIngestedBatch(result, startedAt);
      return Response.json(result, { status: 202 });
    }, env.DATABASE_POOL_SIZE, ingestClient(request.headers.get('authorization')));
  } catch (error) {
    countRefusedBatch(error);
    return agentApiError(error);
  }
}

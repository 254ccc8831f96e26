import { z } from 'zod';
import { WATCHPOST_VERSION } from '@/lib/version';
import { agentConfigSchema, apiErrorSchema } from './agent-config';
import { heartbeatBatchResultSchema, heartbeatBatchSchema, MAX_BATCH_BYTES, MAX_BATCH_ITEMS } from './heartbeats';
import { managementComponents, managementPaths } from './openapi-management';

// The agent protocol v1 as an OpenAPI 3.1 document, its schemas generated from the same
// zod contracts the server and the agent use, so the document cannot drift from the code.

const schema = (zodSchema: z.ZodType) => z.toJSONSchema(zodSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });

const error = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const agentUserAgent = {
  name: 'User-Agent',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: 'Watchpost-Agent/<version> (…): the server records the version and shows it on the agents page.',
};
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } };

export function agentProtocolDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Watchpost API',
      version: `1 (server ${WATCHPOST_VERSION})`,
      description:
        'The agent protocol (`/api/v1/agent/…`: what an agent calls, with its agent token `wpa_…`) and the management API (everything else under `/api/v1/`, with a team API token `wpt_…`). Every call carries `Authorization: Bearer <token>`; a missing, malformed, unknown, expired or revoked token gets the same 401. Every error body is `{error:{code,message,details?}}`, each detail naming its field. Guide: docs/api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ agentToken: [] }],
    paths: {
      '/api/v1/agent/config': {
        get: {
          operationId: 'getAgentConfig',
          summary: "The agent's enabled monitors; marks the agent seen.",
          parameters: [
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The ETag of the configuration the agent has.' },
            agentUserAgent,
          ],
          responses: {
            '200': {
              description: 'The configuration.',
              headers: { ETag: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AgentConfig' } } },
            },
            '304': { description: 'Unchanged since the ETag in If-None-Match.' },
            '401': error('Missing or invalid agent token.'),
            '503': error('The server cannot reach its database.', retryAfter),
          },
        },
      },
      ...managementPaths(schema),
      '/api/v1/agent/heartbeats': {
        post: {
          operationId: 'postHeartbeats',
          summary: `Store a batch of 1–${MAX_BATCH_ITEMS} check results (body at most ${MAX_BATCH_BYTES} bytes), in one transaction.`,
          parameters: [agentUserAgent],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/HeartbeatBatch' } } },
          },
          responses: {
            '202': {
              description:
                'Every accepted heartbeat is committed. A re-sent (monitorId, time) counts as a duplicate. Items for a monitor that is not this agent’s are rejected as unknown_monitor; a time more than 5 minutes ahead or older than the plan’s retention as out_of_range.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/HeartbeatBatchResult' } } },
            },
            '400': error('Malformed JSON or shape; details name each item and field. Nothing stored.'),
            '401': error('Missing or invalid agent token.'),
            '413': error('Body or batch too large. Nothing stored.'),
            '415': error('Content-Type is not application/json. Nothing stored.'),
            '429': error('Too many requests from this agent. Nothing stored.', retryAfter),
            '503': error('The database is unreachable or busy. Nothing stored.', retryAfter),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        agentToken: { type: 'http', scheme: 'bearer', description: 'The agent token, `wpa_…`.' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'A team API token, `wpt_…` (Settings → API tokens).' },
      },
      schemas: {
        ...managementComponents(schema),
        AgentConfig: schema(agentConfigSchema),
        HeartbeatBatch: schema(heartbeatBatchSchema),
        HeartbeatBatchResult: schema(heartbeatBatchResultSchema),
        Error: schema(apiErrorSchema),
      },
    },
  };
}

import { agentProtocolDocument } from '@/lib/contracts/openapi';

// GET /api/v1/openapi.json — the agent protocol v1 as an OpenAPI 3.1 document
export function GET(): Response {
  return Response.json(agentProtocolDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}

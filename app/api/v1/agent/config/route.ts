import { agentApiError, authenticateAgent, markAgentSeen } from '@/lib/agents/authenticate';
import { agentConfig } from '@/lib/agents/config';

export const dynamic = 'force-dynamic';

// GET /api/v1/agent/config — the calling agent's enabled monitors (ETag / If-None-Match → 304)
export async function GET(request: Request): Promise<Response> {
  try {
    const agent = await authenticateAgent(request);
    const [{ body, etag }] = await Promise.all([agentConfig(agent), markAgentSeen(agent.id, agent.version)]);
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    const known = request.headers.get('if-none-match')?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (known?.includes(etag)) return new Response(null, { status: 304, headers });
    return Response.json(body, { headers });
  } catch (error) {
    return agentApiError(error);
  }
}

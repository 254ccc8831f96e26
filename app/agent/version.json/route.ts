import { requireAgentBundle } from '@/lib/agents/bundle';
import { errorResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

// GET /agent/version.json — the version and SHA-256 of the agent served at /agent/watchpost-agent.mjs.
export function GET(): Response {
  try {
    const { version, sha256, size, node } = requireAgentBundle();
    return Response.json({ version, sha256, size, node, url: '/agent/watchpost-agent.mjs' }, { headers: { 'Cache-Control': 'no-cache' } });
  } catch (error) {
    return errorResponse(error);
  }
}

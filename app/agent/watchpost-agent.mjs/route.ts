import { requireAgentBundle } from '@/lib/agents/bundle';
import { errorResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

// GET /agent/watchpost-agent.mjs — the agent in one file, for `curl -fsSLO … && node watchpost-agent.mjs`.
// Public: it holds no secret. Revalidated on each download, so a new build is picked up at once.
export function GET(request: Request): Response {
  try {
    const bundle = requireAgentBundle();
    const etag = `"${bundle.sha256}"`;
    const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'X-Watchpost-Agent-Version': bundle.version };
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(bundle.code), { headers: { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' } });
  } catch (error) {
    return errorResponse(error);
  }
}

import { readBodyLimited } from '@/lib/http/read-body';
import { answerBatch } from '@/lib/ingest/http';

export const dynamic = 'force-dynamic';

// POST /api/v1/agent/heartbeats — ingest one batch. Under `npm start` the front answers it
// before Next.js routes anything (lib/ingest/http.ts serveIngestOnNode), the same way.
export async function POST(request: Request): Promise<Response> {
  const answer = await answerBatch({ headers: request.headers, text: (limit) => readBodyLimited(request, limit) });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

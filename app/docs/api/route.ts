import { apiReferencePage, nonceOf } from '@/lib/http/api-reference';
import { errorResponse, AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

// GET /docs/api — the management API and agent protocol reference, from /api/v1/openapi.json (public, like the document).
export function GET(request: Request): Response {
  const nonce = nonceOf(request);
  // Served only through the front, which gives every page its CSP nonce.
  if (!nonce) return errorResponse(new AppError('UNAVAILABLE', 'The API reference is served by `npm start`; the document is at /api/v1/openapi.json.'));
  return new Response(apiReferencePage(nonce), { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
}

import { scalarBundle } from '@/lib/http/api-reference';

export const dynamic = 'force-dynamic';

// GET /docs/api/scalar.js — Scalar's standalone build (@scalar/api-reference), which renders /docs/api.
export function GET(request: Request): Response {
  const { code, etag } = scalarBundle();
  const headers = { ETag: etag, 'Cache-Control': 'public, max-age=3600', 'Content-Type': 'text/javascript; charset=utf-8' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(code), { headers });
}

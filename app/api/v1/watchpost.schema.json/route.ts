import { configJsonSchema } from '@/lib/contracts/config-schema';

// GET /api/v1/watchpost.schema.json — the JSON Schema of watchpost.yaml, for editors
// (`# yaml-language-server: $schema=<server>/api/v1/watchpost.schema.json`). Public: it holds nothing of a team.
export function GET(): Response {
  return Response.json(configJsonSchema(), { headers: { 'Cache-Control': 'public, max-age=300', 'Content-Type': 'application/schema+json' } });
}

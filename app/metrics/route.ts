import { tokensMatch } from '@/lib/crypto/tokens';
import { getEnv } from '@/lib/env';
import { metrics } from '@/lib/observability/metrics';
import { refreshDatabaseGauges } from '@/lib/observability/scrape';

export const dynamic = 'force-dynamic';

function bearerMatches(header: string | null, token: string): boolean {
  return tokensMatch(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '', token);
}

// GET /metrics — Prometheus text; off unless WATCHPOST_METRICS_TOKEN is set, then only with it as a bearer token
export async function GET(request: Request): Promise<Response> {
  const token = getEnv().WATCHPOST_METRICS_TOKEN;
  if (!token) {
    return Response.json({ error: { code: 'NOT_FOUND', message: 'Metrics are off: set WATCHPOST_METRICS_TOKEN to turn them on.' } }, { status: 404 });
  }
  if (!bearerMatches(request.headers.get('authorization'), token)) {
    return Response.json(
      { error: { code: 'UNAUTHORIZED', message: 'Send the metrics token as Authorization: Bearer <WATCHPOST_METRICS_TOKEN>.' } },
      { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="watchpost-metrics"' } },
    );
  }
  await refreshDatabaseGauges();
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}

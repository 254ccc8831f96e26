import { isDatabaseReachable } from '@/db/queries/health';
import { WATCHPOST_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

// GET /api/health — liveness and database reachability, for load balancers and uptime checks
export async function GET(): Promise<Response> {
  const databaseOk = await isDatabaseReachable();
  return Response.json(
    { status: databaseOk ? 'ok' : 'degraded', database: databaseOk ? 'ok' : 'unreachable', version: WATCHPOST_VERSION },
    { status: databaseOk ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}

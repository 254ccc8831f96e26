import { replicaStatus } from '@/db';
import { isDatabaseReachable } from '@/db/queries/health';
import { WATCHPOST_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

// GET /api/health — liveness and database reachability, for load balancers and uptime checks.
// With a read replica, one more line says whether reads go to it and how far behind it is; a
// replica in trouble never fails the check (reads fall back to the primary).
export async function GET(): Promise<Response> {
  const databaseOk = await isDatabaseReachable();
  const replica = replicaStatus();
  return Response.json(
    {
      status: databaseOk ? 'ok' : 'degraded',
      database: databaseOk ? 'ok' : 'unreachable',
      version: WATCHPOST_VERSION,
      ...(replica && {
        replica: {
          state: replica.inUse ? 'in_use' : replica.reachable ? 'behind' : 'unreachable',
          lagSeconds: replica.lagSeconds === null ? null : Math.round(replica.lagSeconds * 10) / 10,
          detail: replica.problem ?? `Reads go to the replica, ${replica.lagSeconds?.toFixed(1) ?? '0.0'} s behind.`,
        },
      }),
    },
    { status: databaseOk ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}

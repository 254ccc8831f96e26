import { apiRoute } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMonitor } from '@/lib/api/monitors';
import { summaryRange } from '@/lib/api/ranges';
import { summaryQuerySchema } from '@/lib/contracts/api';
import { monitorSummary } from '@/lib/monitors/summary';

export const dynamic = 'force-dynamic';

// GET /api/v1/monitors/{id}/summary?range=30d (or from & to) — uptime, downtime and latency
// percentiles, computed by the function the monitor page uses
export const GET = apiRoute(async ({ ctx, params, query }) => {
  const monitor = await apiMonitor(ctx, requireUuid(params.id, 'monitor'));
  const now = new Date();
  const range = summaryRange(query(summaryQuerySchema), now);
  const summary = await monitorSummary(
    ctx.teamId,
    { id: monitor.id, intervalSeconds: monitor.intervalSeconds, createdAt: monitor.createdAt ? new Date(monitor.createdAt) : null },
    range,
    now,
  );
  return Response.json({ monitorId: monitor.id, from: range.from.toISOString(), to: range.to.toISOString(), ...summary, downtimeSeconds: Math.round(summary.downtimeSeconds) });
});

import { heartbeatRows, heartbeatsBefore } from '@/db/queries/timeseries';
import { apiRoute, invalid } from '@/lib/api/handler';
import { requireUuid } from '@/lib/api/ids';
import { apiMonitor } from '@/lib/api/monitors';
import { pageAfter, pageQuery, pageResponse } from '@/lib/api/pages';
import { summaryRange } from '@/lib/api/ranges';
import { heartbeatQuerySchema } from '@/lib/contracts/api';
import { CONTENT_TYPES, heartbeatStream } from '@/lib/http/heartbeat-stream';

export const dynamic = 'force-dynamic';

// GET /api/v1/monitors/{id}/heartbeats — a page, newest first (cursor); with format=ndjson or
// csv and from & to, every heartbeat of the range, oldest first, streamed
export const GET = apiRoute(async ({ ctx, params, url, query }) => {
  const monitor = await apiMonitor(ctx, requireUuid(params.id, 'monitor'));
  const { format, from, to, limit, cursor } = query(heartbeatQuerySchema);
  if (format === 'json') {
    if (from !== undefined || to !== undefined) throw invalid('from and to go with format=ndjson or csv; pages use cursor.', [{ field: from !== undefined ? 'from' : 'to', message: 'Only with format=ndjson or csv.' }]);
    const after = pageQuery(cursor);
    const rows = await heartbeatsBefore(ctx.teamId, monitor.id, { limit, before: after?.at ?? null });
    const page = pageAfter(
      rows,
      limit,
      (row) => ({ time: row.time.toISOString(), status: row.status, latencyMs: row.latencyMs, errorMessage: row.errorMessage, location: row.location }),
      (row) => ({ at: row.position, id: monitor.id }),
    );
    return pageResponse(url, page);
  }
  if (from === undefined || to === undefined) throw invalid('A stream needs from and to.', [{ field: from === undefined ? 'from' : 'to', message: 'Give both from and to.' }]);
  const range = summaryRange({ from, to }, new Date());
  return new Response(heartbeatStream(heartbeatRows(ctx.teamId, monitor.id, range), format), {
    headers: { 'content-type': CONTENT_TYPES[format], 'cache-control': 'private, no-store' },
  });
});

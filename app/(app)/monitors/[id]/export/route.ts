import { getMonitor } from '@/db/queries/monitors';
import { heartbeatRows } from '@/db/queries/timeseries';
import { requireTeamForRoute } from '@/lib/auth/session';
import { CONTENT_TYPES, heartbeatStream } from '@/lib/http/heartbeat-stream';
import { AppError, errorResponse } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { chooseRange } from '@/lib/rollups/ranges';
import { viewerTimeZone } from '@/lib/viewer';

// GET /monitors/[id]/export?range=…|range=custom&from=…&to=… — the monitor's heartbeats in that range as CSV, streamed

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    return await exportHeartbeats(request, (await params).id);
  } catch (error) {
    return errorResponse(error);
  }
}

async function exportHeartbeats(request: Request, id: string): Promise<Response> {
  const current = await requireTeamForRoute('export heartbeats');
  const { ctx } = current;
  const monitor = isUuid(id) ? await getMonitor(ctx.teamId, id) : null;
  if (!monitor) throw new AppError('NOT_FOUND', 'That monitor does not exist.');
  const url = new URL(request.url);
  const timeZone = await viewerTimeZone();
  const range = chooseRange(
    { range: url.searchParams.get('range') ?? undefined, from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined },
    timeZone,
    new Date(),
  );
  if (range.error) throw new AppError('INVALID_INPUT', range.error);

  const body = heartbeatStream(heartbeatRows(ctx.teamId, monitor.id, range), 'csv');
  const slug = monitor.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'monitor';
  const stamp = (date: Date) => date.toISOString().slice(0, 16).replace(/[:]/g, '');
  return new Response(body, {
    headers: {
      'content-type': CONTENT_TYPES.csv,
      'content-disposition': `attachment; filename="watchpost-${slug}-${stamp(range.from)}-${stamp(range.to)}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}

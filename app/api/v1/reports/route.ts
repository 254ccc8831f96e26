import { apiRoute } from '@/lib/api/handler';
import { teamTimeZone } from '@/db/queries/reports';
import { reportFormat, reportQueryFrom, reportResponse, teamReport } from '@/lib/reports/request';

export const dynamic = 'force-dynamic';

// GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD&scope=team|page|monitors&page=…&monitor=…&format=json|csv|pdf
// — the report /reports shows, computed by the same function (last month by default)
export const GET = apiRoute(async ({ ctx, request }) => {
  const params = new URL(request.url).searchParams;
  const format = reportFormat(params);
  const report = await teamReport(ctx.teamId, reportQueryFrom(params, await teamTimeZone(ctx.teamId)));
  return reportResponse(report, format);
});

import { requireTeamForRoute } from '@/lib/auth/session';
import { errorResponse } from '@/lib/errors';
import { reportFormat, reportQueryFrom, reportResponse, teamReport } from '@/lib/reports/request';

export const dynamic = 'force-dynamic';

// GET /reports/export?format=pdf|csv&scope=…&from=YYYY-MM-DD&to=YYYY-MM-DD — the report on
// /reports as a download, for the signed-in person's team

export async function GET(request: Request): Promise<Response> {
  try {
    const { ctx, team } = await requireTeamForRoute('download a report');
    const params = new URL(request.url).searchParams;
    const format = reportFormat(params, 'pdf');
    const report = await teamReport(ctx.teamId, reportQueryFrom(params, team.timeZone));
    return await reportResponse(report, format);
  } catch (error) {
    return errorResponse(error);
  }
}

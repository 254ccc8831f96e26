import { auditRows } from '@/db/queries/audit';
import { requireTeamForRoute } from '@/lib/auth/session';
import { AUDIT_CSV_HEADER, auditCsvLine } from '@/lib/audit/csv';
import { parseAuditFilters } from '@/lib/audit/filters';
import { AppError, errorResponse } from '@/lib/errors';
import { PERMISSIONS, requireRole } from '@/lib/teams/roles';

// GET /settings/audit/export?person=&kind=&from=&to= — the team's audit log as CSV (admins and the owner), streamed
export async function GET(request: Request): Promise<Response> {
  try {
    const current = await requireTeamForRoute('export the audit log');
    requireRole(current.ctx, PERMISSIONS.readAuditLog);
    const url = new URL(request.url);
    const filters = parseAuditFilters((name) => url.searchParams.get(name));
    const rows = auditRows(current.ctx.teamId, filters);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(AUDIT_CSV_HEADER));
      },
      async pull(controller) {
        const next = await rows.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map(auditCsvLine).join('')));
      },
      async cancel() {
        await rows.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

import { apiRoute } from '@/lib/api/handler';
import { teamDomainExpiries } from '@/lib/checks/domains/refresh';

export const dynamic = 'force-dynamic';

// GET /api/v1/domains — the registered domains behind the team's monitors and when they expire, soonest first
export const GET = apiRoute(async ({ ctx }) => {
  const domains = await teamDomainExpiries(ctx.teamId);
  return Response.json({ data: domains.map((d) => ({ domain: d.domain, expiresAt: d.expiresAt ? d.expiresAt.toISOString() : null, message: d.message, monitors: d.monitors })), next: null });
});

import { apiRoute } from '@/lib/api/handler';
import { isoTime, onePage } from '@/lib/api/pages';
import { teamDomainExpiries } from '@/lib/checks/domains/refresh';

export const dynamic = 'force-dynamic';

// GET /api/v1/domains — the registered domains behind the team's monitors and when they expire, soonest first
export const GET = apiRoute(async ({ ctx }) => {
  const domains = await teamDomainExpiries(ctx.teamId);
  return onePage(domains.map((d) => ({ domain: d.domain, expiresAt: isoTime(d.expiresAt), message: d.message, monitors: d.monitors })));
});

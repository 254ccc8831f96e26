import { teamCertificates } from '@/db/queries/certificates';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

// GET /api/v1/certificates — the certificates the team's monitors see now, soonest expiry first
export const GET = apiRoute(async ({ ctx }) => {
  const certificates = await teamCertificates(ctx.teamId);
  return Response.json({
    data: certificates.map((c) => ({ ...c, notAfter: c.notAfter.toISOString(), chainNotAfter: c.chainNotAfter.toISOString() })),
    next: null,
  });
});

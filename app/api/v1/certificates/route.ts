import { teamCertificates } from '@/db/queries/certificates';
import { apiRoute } from '@/lib/api/handler';
import { isoTime, onePage } from '@/lib/api/pages';

export const dynamic = 'force-dynamic';

// GET /api/v1/certificates — the certificates the team's monitors see now, soonest expiry first
export const GET = apiRoute(async ({ ctx }) => {
  const certificates = await teamCertificates(ctx.teamId);
  return onePage(certificates.map((c) => ({ ...c, notAfter: isoTime(c.notAfter), chainNotAfter: isoTime(c.chainNotAfter) })));
});

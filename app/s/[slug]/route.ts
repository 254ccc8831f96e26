import { publicPageFor, statusPageResponse } from '@/lib/status-pages/public-route';

export const dynamic = 'force-dynamic';

// GET /s/[slug] — a status page as the public sees it (or its password form), as plain cached HTML
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const page = await publicPageFor(request, (await params).slug);
  return page instanceof Response ? page : statusPageResponse(request, page);
}

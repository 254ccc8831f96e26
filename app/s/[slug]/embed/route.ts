import { notFoundPage, publicPageFor, statusPageResponse } from '@/lib/status-pages/public-route';

export const dynamic = 'force-dynamic';

// GET /s/[slug]/embed — the page for other sites' frames (frame-ancestors *): 404 unless its
// owner allowed embedding, and for a protected page (a frame on another site would not carry
// the unlock cookie anyway)
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const page = await publicPageFor(request, (await params).slug);
  if (page instanceof Response) return page;
  if (!page.allowFraming || page.passwordHash !== null) return notFoundPage();
  return statusPageResponse(request, page, { embed: true });
}

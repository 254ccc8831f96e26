import { feedResponse } from '@/lib/status-pages/feed-route';

export const dynamic = 'force-dynamic';

// GET /s/[slug]/feed.rss — the page's incident posts as RSS 2.0
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return feedResponse(request, (await params).slug, 'rss');
}

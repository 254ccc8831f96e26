import { feedResponse } from '@/lib/status-pages/feed-route';

export const dynamic = 'force-dynamic';

// GET /s/[slug]/feed.atom — the page's incident posts as Atom
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return feedResponse(request, (await params).slug, 'atom');
}

import { cachedResponse } from '@/lib/http/cache';
import { STATUS_PAGE_CSS } from '@/lib/status-pages/render-html';

// GET /s/status.css — the public status pages' stylesheet (they carry no script and no inline style)
export function GET(request: Request): Response {
  return cachedResponse(request, STATUS_PAGE_CSS, 'text/css; charset=utf-8', { maxAge: 3600, staleWhileRevalidate: 86_400 });
}

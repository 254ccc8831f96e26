import 'server-only';
import { pageMaintenance, recentPosts } from '@/db/queries/status-pages';
import { linkBaseUrl } from '@/lib/env';
import { cachedResponse } from '@/lib/http/cache';
import { CUSTOM_HOST_HEADER } from '@/lib/http/custom-host';
import { atomFeed, maintenanceEntry, postEntry, rssFeed } from './feeds';
import { openPublicPage } from './public-route';

/** GET of a page's RSS or Atom feed: 404 for a missing or protected page, cached with an ETag otherwise. */
export async function feedResponse(request: Request, slug: string, format: 'rss' | 'atom'): Promise<Response> {
  const page = await openPublicPage(request, slug, () => Response.json({ error: { code: 'NOT_FOUND', message: 'No such status page.' } }, { status: 404 }));
  if (page instanceof Response) return page;
  const customHost = request.headers.get(CUSTOM_HOST_HEADER);
  const url = customHost ? `${new URL(linkBaseUrl()).protocol}//${customHost}` : `${linkBaseUrl()}/s/${page.slug}`;
  const [posts, maintenance] = await Promise.all([recentPosts(page.id), pageMaintenance(page.id, new Date())]);
  // Newest first: what changed last leads.
  const entries = [...maintenance.map((m) => maintenanceEntry(url, m)), ...posts.map((post) => postEntry(url, post))].sort((a, b) => b.updated.getTime() - a.updated.getTime());
  const feed = { title: page.title, description: page.description, url };
  const body = format === 'rss' ? rssFeed(feed, entries) : atomFeed(feed, entries, `${url}/feed.atom`);
  const type = format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8';
  return cachedResponse(request, body, type, { maxAge: 60, staleWhileRevalidate: 600, private: page.passwordHash !== null });
}

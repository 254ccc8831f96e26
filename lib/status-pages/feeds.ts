import type { PageMaintenanceRecord, PostRecord } from '@/db/queries/status-pages';
import { POST_STATE_LABELS } from './labels';

// RSS 2.0 and Atom feeds of a status page's incident posts and maintenance: one entry per
// post (its updates, newest first, as the text; updated when its latest update was posted)
// and per maintenance shown on the page, under way or coming. Only public fields.


export function escapeXml(text: string): string {
  // Also drop the control characters XML 1.0 forbids: a feed with one is unreadable.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export interface FeedPage {
  title: string;
  description: string;
  /** The public page's absolute URL. */
  url: string;
}

export interface FeedEntry {
  id: string;
  title: string;
  link: string;
  published: Date;
  updated: Date;
  text: string;
}

/** A post as a feed entry. */
export function postEntry(pageUrl: string, post: PostRecord): FeedEntry {
  const lines = post.updates.map((update) => `${POST_STATE_LABELS[update.state]} (${update.createdAt.toISOString()}): ${update.body}`);
  const affected = post.components.length ? `Affected: ${post.components.map((component) => component.name).join(', ')}\n\n` : '';
  return { id: post.id, title: post.title, link: `${pageUrl}#post-${post.id}`, published: post.createdAt, updated: post.updates[0]?.createdAt ?? post.createdAt, text: `${affected}${lines.join('\n\n')}` };
}

/** A maintenance occurrence as a feed entry. */
export function maintenanceEntry(pageUrl: string, maintenance: PageMaintenanceRecord): FeedEntry {
  const affected = maintenance.components.length ? `\nAffected: ${maintenance.components.join(', ')}` : '';
  return {
    id: maintenance.occurrenceId,
    title: `Maintenance: ${maintenance.title}`,
    link: pageUrl,
    published: maintenance.updatedAt,
    updated: maintenance.updatedAt,
    text: `Scheduled ${maintenance.startsAt.toISOString()} – ${maintenance.endsAt.toISOString()}${affected}${maintenance.description ? `\n\n${maintenance.description}` : ''}`,
  };
}

export function rssFeed(page: FeedPage, entries: readonly FeedEntry[]): string {
  const items = entries.map(
    (entry) => `    <item>
      <title>${escapeXml(entry.title)}</title>
      <link>${escapeXml(entry.link)}</link>
      <guid isPermaLink="false">${entry.id}</guid>
      <pubDate>${entry.updated.toUTCString()}</pubDate>
      <description>${escapeXml(entry.text)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(page.title)}</title>
    <link>${escapeXml(page.url)}</link>
    <description>${escapeXml(page.description || `Incidents and maintenance of ${page.title}`)}</description>
${items.join('\n')}
  </channel>
</rss>
`;
}

export function atomFeed(page: FeedPage, list: readonly FeedEntry[], feedUrl: string): string {
  const updated = list.length ? new Date(Math.max(...list.map((entry) => entry.updated.getTime()))) : new Date(0);
  const entries = list.map(
    (entry) => `  <entry>
    <id>urn:uuid:${entry.id}</id>
    <title>${escapeXml(entry.title)}</title>
    <link href="${escapeXml(entry.link)}"/>
    <published>${entry.published.toISOString()}</published>
    <updated>${entry.updated.toISOString()}</updated>
    <content type="text">${escapeXml(entry.text)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(page.url)}</id>
  <title>${escapeXml(page.title)}</title>
  <link href="${escapeXml(page.url)}"/>
  <link rel="self" href="${escapeXml(feedUrl)}"/>
  <updated>${updated.toISOString()}</updated>
  <author><name>${escapeXml(page.title)}</name></author>
${entries.join('\n')}
</feed>
`;
}

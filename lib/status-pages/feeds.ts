import type { PostRecord } from '@/db/queries/status-pages';

// RSS 2.0 and Atom feeds of a status page's incident posts: one entry per post, its updates
// (newest first) as the text, updated when its latest update was posted. Only public fields.

const STATE_LABELS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;

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

function text(post: PostRecord): string {
  const lines = post.updates.map((update) => `${STATE_LABELS[update.state]} (${update.createdAt.toISOString()}): ${update.body}`);
  const affected = post.components.length ? `Affected: ${post.components.map((component) => component.name).join(', ')}\n\n` : '';
  return `${affected}${lines.join('\n\n')}`;
}

const updatedAt = (post: PostRecord) => post.updates[0]?.createdAt ?? post.createdAt;

export function rssFeed(page: FeedPage, posts: readonly PostRecord[]): string {
  const items = posts.map(
    (post) => `    <item>
      <title>${escapeXml(post.title)}</title>
      <link>${escapeXml(`${page.url}#post-${post.id}`)}</link>
      <guid isPermaLink="false">${post.id}</guid>
      <pubDate>${updatedAt(post).toUTCString()}</pubDate>
      <description>${escapeXml(text(post))}</description>
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

export function atomFeed(page: FeedPage, posts: readonly PostRecord[], feedUrl: string): string {
  const updated = posts.length ? new Date(Math.max(...posts.map((post) => updatedAt(post).getTime()))) : new Date(0);
  const entries = posts.map(
    (post) => `  <entry>
    <id>urn:uuid:${post.id}</id>
    <title>${escapeXml(post.title)}</title>
    <link href="${escapeXml(`${page.url}#post-${post.id}`)}"/>
    <published>${post.createdAt.toISOString()}</published>
    <updated>${updatedAt(post).toISOString()}</updated>
    <content type="text">${escapeXml(text(post))}</content>
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

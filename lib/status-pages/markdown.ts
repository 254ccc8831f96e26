import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

// An incident update's Markdown as safe HTML, for the public page, the feeds' readers and
// the owner's view alike. Raw HTML in the Markdown is dropped (remark-rehype leaves it out
// without allowDangerousHtml); rehype-sanitize's GitHub schema then removes anything a
// script could ride on (event handlers, iframes, styles, javascript: and data: URLs);
// links leave with rel="nofollow noopener noreferrer".

const schema = { ...defaultSchema, protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'], src: ['http', 'https'] } };

const processor = unified()
  .use(remarkParse)
  .use(remarkRehype)
  .use(rehypeSanitize, schema)
  .use(() => (tree) => {
    const visit = (node: { type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[] }) => {
      if (node.type === 'element' && node.tagName === 'a') node.properties = { ...node.properties, rel: ['nofollow', 'noopener', 'noreferrer'] };
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree as Parameters<typeof visit>[0]);
  })
  .use(rehypeStringify);

export function markdownToSafeHtml(markdown: string): string {
  return String(processor.processSync(markdown));
}

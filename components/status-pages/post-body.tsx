import { markdownToSafeHtml } from '@/lib/status-pages/markdown';

/** An update's Markdown, through the one sanitizing pipeline the public page uses too. */
export function PostBody({ markdown }: { markdown: string }) {
  return (
    <div
      className="space-y-2 text-sm text-slate-700 [&_a]:text-brand-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5"
      // Safe: markdownToSafeHtml drops raw HTML and sanitizes (lib/status-pages/markdown.ts).
      dangerouslySetInnerHTML={{ __html: markdownToSafeHtml(markdown) }}
    />
  );
}

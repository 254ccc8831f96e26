import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';

// An update's Markdown as safe HTML: raw HTML in it is dropped (skipHtml), links keep only
// safe protocols (react-markdown's URL transform), and rehype-sanitize's GitHub schema
// removes anything else a script could ride on (event handlers, iframes, styles).
export function PostBody({ markdown }: { markdown: string }) {
  return (
    <div className="post-body space-y-2 text-sm text-slate-700 [&_a]:text-brand-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown skipHtml rehypePlugins={[rehypeSanitize]} components={{ a: ({ node: _node, ...props }) => <a {...props} rel="nofollow noopener noreferrer" /> }}>
        {markdown}
      </Markdown>
    </div>
  );
}

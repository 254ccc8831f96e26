import { describe, expect, it } from 'vitest';
import { markdownToSafeHtml as render } from '@/lib/status-pages/markdown';

describe("an incident post's Markdown", () => {
  it('renders the usual Markdown', () => {
    const html = render('We **found** it.\n\n- one\n- two\n\nSee [the docs](https://example.com/docs) and `code`.');
    expect(html).toContain('<strong>found</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('href="https://example.com/docs"');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
    expect(html).toContain('<code>code</code>');
  });

  it('drops scripts, iframes, event handlers, styles and javascript: links', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '<iframe src="https://evil.example"></iframe>',
        '<img src="x" onerror="alert(2)">',
        '<a href="https://ok.example" onclick="alert(3)">raw link</a>',
        '<div style="position:fixed">overlay</div>',
        '[click](javascript:alert(4))',
        '[data](data:text/html;base64,PHNjcmlwdD4=)',
        '![img](javascript:alert(5))',
      ].join('\n\n'),
    );
    for (const bad of ['<script', 'alert(1)', '<iframe', 'onerror', 'onclick', 'style=', 'javascript:', 'data:text/html']) expect(html).not.toContain(bad);
    expect(html).toContain('click');
  });
});

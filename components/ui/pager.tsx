import Link from 'next/link';

/** "58 monitors · page 1 of 2" with previous and next links; `href(page)` builds each link. */
export function Pager({ summary, page, pageCount, href }: { summary: string; page: number; pageCount: number; href: (page: number) => string }) {
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100';
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm">
      <span className="text-slate-600">
        {summary} · page {page} of {pageCount}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={link}>
            Previous page
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={href(page + 1)} className={link}>
            Next page
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

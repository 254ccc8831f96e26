import { DayBars } from '@/components/charts/day-bars';
import { formatDateTime, formatUptime } from '@/lib/format';
import type { PublicComponent, PublicPost, PublicStatusPage } from '@/lib/status-pages/public-view';
import { PostBody } from './post-body';

// What a visitor of a status page sees. It is given only the public view (the allowlist
// built in lib/status-pages/public-view.ts) and needs no JavaScript.

const TONE = {
  operational: { dot: 'bg-emerald-500', text: 'text-emerald-700', banner: 'bg-emerald-600' },
  degraded: { dot: 'bg-amber-500', text: 'text-amber-700', banner: 'bg-amber-500' },
  unknown: { dot: 'bg-slate-400', text: 'text-slate-600', banner: 'bg-slate-500' },
  outage: { dot: 'bg-red-500', text: 'text-red-700', banner: 'bg-red-600' },
  empty: { dot: 'bg-slate-300', text: 'text-slate-600', banner: 'bg-slate-500' },
} as const;

function ComponentLine({ component }: { component: PublicComponent }) {
  const tone = TONE[component.status];
  return (
    <li className="space-y-2 py-4" data-testid="status-component">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h3 className="font-medium">{component.name}</h3>
          {component.description ? <p className="text-sm text-slate-600">{component.description}</p> : null}
        </div>
        <span className={`inline-flex items-center gap-1.5 text-sm font-medium ${tone.text}`}>
          <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${tone.dot}`} />
          {component.statusLabel}
        </span>
      </div>
      <DayBars cells={component.days} label={`${component.name}: the last 90 days`} />
      <p className="text-xs text-slate-500">
        {component.uptime === null ? 'No data in the last 90 days' : `${formatUptime(component.uptime)} uptime over the last 90 days`}
      </p>
    </li>
  );
}

const STATE_LABELS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;
const IMPACT_TONE = { none: 'border-slate-300', minor: 'border-amber-400', major: 'border-orange-500', critical: 'border-red-600' } as const;

function Post({ post, timeZone }: { post: PublicPost; timeZone: string }) {
  return (
    <article className={`space-y-3 border-l-4 bg-white py-3 pl-4 pr-3 ${IMPACT_TONE[post.impact]}`} data-testid="status-post">
      <header>
        <h3 className="font-semibold">{post.title}</h3>
        <p className="text-xs text-slate-500">
          {post.impact === 'none' ? 'No impact' : `${post.impact[0]!.toUpperCase()}${post.impact.slice(1)} impact`}
          {post.components.length ? ` · ${post.components.join(', ')}` : ''}
        </p>
      </header>
      <ol className="space-y-3">
        {post.updates.map((update, index) => (
          <li key={index} className="space-y-1">
            <p className="text-sm">
              <strong className="font-semibold">{STATE_LABELS[update.state]}</strong>{' '}
              <time dateTime={update.createdAt.toISOString()} className="text-xs text-slate-500">
                {formatDateTime(update.createdAt, timeZone, { seconds: false })}
              </time>
            </p>
            <PostBody markdown={update.body} />
          </li>
        ))}
      </ol>
    </article>
  );
}

const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

export function PublicStatusPageView({ page }: { page: PublicStatusPage }) {
  const tone = TONE[page.overall.status];
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8 sm:py-12">
      <header className="space-y-2">
        <div className="flex items-center gap-3">
          {page.logoUrl ? (
            // A user's logo from their own address: next/image would proxy it through this server.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={page.logoUrl} alt="" className="h-10 w-auto max-w-[10rem] object-contain" referrerPolicy="no-referrer" />
          ) : null}
          <h1 className="text-2xl font-semibold">{page.title}</h1>
        </div>
        {page.description ? <p className="whitespace-pre-line text-slate-600">{page.description}</p> : null}
      </header>
      <p role="status" className={`rounded-lg px-4 py-3 text-lg font-medium text-white ${tone.banner}`} data-testid="overall-status">
        {page.overall.line}
      </p>
      {page.openPosts.length ? (
        <section aria-label="Current incidents" className="space-y-3">
          <h2 className="text-lg font-semibold">Current incidents</h2>
          {page.openPosts.map((post) => (
            <Post key={post.id} post={post} timeZone={page.timeZone} />
          ))}
        </section>
      ) : null}
      {page.groups.map((group) => (
        <section key={group.name || '(ungrouped)'} aria-label={group.name || 'Components'} className="rounded-lg border border-slate-200 bg-white px-4">
          {group.name ? <h2 className="border-b border-slate-100 py-3 font-semibold">{group.name}</h2> : null}
          <ul className="divide-y divide-slate-100">
            {group.components.map((component) => (
              <ComponentLine key={component.id} component={component} />
            ))}
          </ul>
        </section>
      ))}
      <section aria-label="Past incidents" className="space-y-3">
        <h2 className="text-lg font-semibold">Past incidents · {monthName(page.history.month)}</h2>
        {page.history.posts.length === 0 ? <p className="text-sm text-slate-600">No incidents reported this month.</p> : null}
        {page.history.posts.map((post) => (
          <Post key={post.id} post={post} timeZone={page.timeZone} />
        ))}
        <nav aria-label="Months" className="flex justify-between text-sm">
          {page.history.previousMonth ? (
            <a href={`?month=${page.history.previousMonth}`} className="text-brand-700 hover:underline">
              ← {monthName(page.history.previousMonth)}
            </a>
          ) : (
            <span />
          )}
          {page.history.nextMonth ? (
            <a href={`?month=${page.history.nextMonth}`} className="text-brand-700 hover:underline">
              {monthName(page.history.nextMonth)} →
            </a>
          ) : null}
        </nav>
      </section>
      <footer className="flex flex-wrap justify-between gap-2 text-xs text-slate-500">
        <span>Days in {page.timeZone}. Powered by Watchpost.</span>
        <span>
          Follow incidents:{' '}
          <a href={`/s/${page.slug}/feed.rss`} className="text-brand-700 hover:underline">
            RSS
          </a>{' '}
          ·{' '}
          <a href={`/s/${page.slug}/feed.atom`} className="text-brand-700 hover:underline">
            Atom
          </a>
        </span>
      </footer>
    </main>
  );
}

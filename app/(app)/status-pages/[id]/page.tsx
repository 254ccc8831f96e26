import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { monitorChoices, postsForOwner, statusPageForOwner, subscriberCounts } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { linkBaseUrl } from '@/lib/env';
import { formatDateTime, plural } from '@/lib/format';
import { mailConfigured } from '@/lib/mail/send';
import { param, type SearchParams } from '@/lib/search-params';
import { viewerTimeZone } from '@/lib/viewer';
import { ComponentBadges } from '../_components/component-badges';
import { ComponentForm, ComponentRowActions } from '../_components/component-forms';
import { DeleteStatusPageForm, PagePasswordForm, StatusPageForm } from '../_components/status-page-forms';
import { switchToTeamOf } from '@/lib/teams/switching';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Status page' };

export default async function StatusPageSettings({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const [page, monitors, query, posts, timeZone, subscribers] = await Promise.all([
    statusPageForOwner(ctx.teamId, id),
    monitorChoices(ctx.teamId),
    searchParams,
    postsForOwner(ctx.teamId, id),
    viewerTimeZone(),
    subscriberCounts(ctx.teamId, id),
  ]);
  if (!page) {
    await switchToTeamOf('statusPage', id, `/status-pages/${id}`);
    notFound();
  }
  const base = linkBaseUrl();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/status-pages" className="text-sm text-brand-700 hover:underline">
          ← Status pages
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{page.title}</h1>
        <p className="text-sm text-slate-600">
          Public at{' '}
          <a href={`/s/${page.slug}`} className="font-medium text-brand-700 hover:underline">
            /s/{page.slug}
          </a>
          {page.protected ? ' (password protected)' : ''}
        </p>
      </div>
      <FormSuccess message={param(query.notice) === 'created' ? 'Status page created. Add its components below.' : param(query.notice) === 'post-deleted' ? 'Post deleted.' : undefined} />

      <Card title="Components" description="Each line your customers see: a public name, backed by one or more of your monitors (the worst status wins).">
        {page.components.length === 0 ? (
          <p className="text-sm text-slate-600">No components yet: the public page says nothing is listed.</p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {page.components.map((component, index) => (
              <li key={component.id} className="py-3">
                <details>
                  <summary className="flex cursor-pointer flex-wrap items-center justify-between gap-2">
                    <span>
                      <span className="font-medium">{component.name}</span>
                      {component.groupName ? <span className="ml-2 text-xs text-slate-500">in {component.groupName}</span> : null}
                      <span className="block text-xs text-slate-500">Backed by {component.monitors.map((monitor) => monitor.name).join(', ') || 'no monitors'}</span>
                    </span>
                    <ComponentRowActions componentId={component.id} name={component.name} first={index === 0} last={index === page.components.length - 1} />
                  </summary>
                  <div className="mt-3 space-y-4">
                    <ComponentBadges base={base} slug={page.slug} componentId={component.id} name={component.name} />
                    <Allowed reason={refusal(ctx.role, PERMISSIONS.manageStatusPages)}><ComponentForm
                      pageId={page.id}
                      monitors={monitors}
                      initial={{ componentId: component.id, name: component.name, description: component.description, groupName: component.groupName, monitorIds: component.monitors.map((m) => m.id) }}
                    /></Allowed>
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card title="Incident posts" description="What you tell your customers about an incident: open posts are shown first on the page, resolved ones under past incidents by month.">
        <div className="space-y-3">
          {posts.length === 0 ? <p className="text-sm text-slate-600">No posts yet.</p> : null}
          <ul className="divide-y divide-slate-100">
            {posts.map((post) => (
              <li key={post.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                <Link href={`/status-pages/${page.id}/posts/${post.id}`} className="font-medium text-brand-700 hover:underline">
                  {post.title}
                </Link>
                <span className="text-slate-600">
                  {post.resolvedAt ? 'Resolved' : <strong className="font-medium text-amber-700 capitalize">{post.updates[0]?.state ?? 'open'}</strong>} ·{' '}
                  {formatDateTime(post.createdAt, timeZone, { seconds: false })}
                </span>
              </li>
            ))}
          </ul>
          <Link href={`/status-pages/${page.id}/posts/new`} className="inline-flex rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
            Write a post
          </Link>
        </div>
      </Card>

      <Card title="E-mail subscribers" description="Visitors subscribe on the public page (double opt-in) and get every post update, and the maintenance notices you ask for.">
        <p className="text-sm text-slate-700" data-testid="subscriber-counts">
          {plural(subscribers.confirmed, 'subscriber')}
          {subscribers.pending ? `, ${subscribers.pending} waiting for confirmation` : ''}.
        </p>
        {page.protected || !mailConfigured() ? (
          <p className="mt-2 text-sm text-slate-600">
            {page.protected ? 'A protected page offers no subscriptions.' : 'The form is not shown: this server has no outgoing mail (WATCHPOST_SMTP_URL is not set).'}
          </p>
        ) : null}
      </Card>

      <Card title="Add a component">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageStatusPages)}><ComponentForm pageId={page.id} monitors={monitors} initial={{ name: '', description: '', groupName: '', monitorIds: [] }} /></Allowed>
      </Card>

      <Card title="Page settings">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageStatusPages)}><StatusPageForm
          initial={{ pageId: page.id, title: page.title, slug: page.slug, description: page.description, logoUrl: page.logoUrl ?? '', timeZone: page.timeZone, customHost: page.customHost ?? '', allowFraming: page.allowFraming, sloDays: page.sloDays }}
        /></Allowed>
      </Card>

      {page.allowFraming ? (
        <Card title="Embed" description={page.protected ? 'A protected page cannot be embedded: remove its password to embed it.' : 'Put the page on another site with this frame.'}>
          {page.protected ? null : (
            <code className="block break-all rounded bg-slate-100 px-2 py-1 text-xs">{`<iframe src="${base}/s/${page.slug}/embed" title="${page.title}" width="100%" height="600" style="border:0"></iframe>`}</code>
          )}
        </Card>
      ) : null}

      <Card title="Password" description={page.protected ? 'Visitors must enter the password to see the page.' : 'The page is public: anyone with its address can read it.'}>
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageStatusPages)}><PagePasswordForm pageId={page.id} protectedNow={page.protected} /></Allowed>
      </Card>

      <Card title="Delete this page">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.manageStatusPages)}><DeleteStatusPageForm pageId={page.id} /></Allowed>
      </Card>
    </div>
  );
}

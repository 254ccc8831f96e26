import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PostBody } from '@/components/status-pages/post-body';
import { Card } from '@/components/ui/card';
import { FormSuccess } from '@/components/ui/form-message';
import { postForOwner, statusPageForOwner } from '@/db/queries/status-pages';
import { requireTeam } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { param, type SearchParams } from '@/lib/search-params';
import { viewerTimeZone } from '@/lib/viewer';
import { DeletePostForm, EditPostForm, PostUpdateForm } from '../../../_components/post-forms';
import { Allowed } from '@/components/ui/allowed';
import { PERMISSIONS, refusal } from '@/lib/teams/roles';

export const metadata: Metadata = { title: 'Incident post' };

const UUID = /^[0-9a-f-]{36}$/i;

export default async function PostPage({ params, searchParams }: { params: Promise<{ id: string; postId: string }>; searchParams: Promise<SearchParams> }) {
  const { ctx } = await requireTeam();
  const { id, postId } = await params;
  if (!UUID.test(id) || !UUID.test(postId)) notFound();
  const [page, post, query, timeZone] = await Promise.all([statusPageForOwner(ctx.teamId, id), postForOwner(ctx.teamId, postId), searchParams, viewerTimeZone()]);
  if (!page || !post || post.pageId !== page.id) notFound();
  const components = page.components.map(({ id: componentId, name }) => ({ id: componentId, name }));
  const latest = post.updates[0]?.state ?? 'investigating';
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/status-pages/${page.id}`} className="text-sm text-brand-700 hover:underline">
          ← {page.title}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{post.title}</h1>
        <p className="text-sm text-slate-600">
          {post.resolvedAt ? `Resolved ${formatDateTime(post.resolvedAt, timeZone, { seconds: false })}` : 'Open'} · shown on{' '}
          <a href={`/s/${page.slug}`} className="text-brand-700 hover:underline">
            /s/{page.slug}
          </a>
        </p>
      </div>
      <FormSuccess message={param(query.notice) === 'published' ? 'Post published on the status page.' : undefined} />
      <Card title="Updates">
        <ol className="space-y-4">
          {post.updates.map((update) => (
            <li key={update.id} className="space-y-1 border-l-2 border-slate-200 pl-3">
              <p className="text-sm">
                <strong className="font-semibold capitalize">{update.state}</strong>{' '}
                <span className="text-xs text-slate-500">{formatDateTime(update.createdAt, timeZone, { seconds: false })}</span>
              </p>
              <PostBody markdown={update.body} />
            </li>
          ))}
        </ol>
      </Card>
      <Card title="Post an update">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.postUpdates)}><PostUpdateForm postId={post.id} state={latest} /></Allowed>
      </Card>
      <Card title="Edit post">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.postUpdates)}><EditPostForm postId={post.id} title={post.title} impact={post.impact} components={components} chosen={post.components.map((component) => component.id)} /></Allowed>
      </Card>
      <Card title="Delete this post">
        <Allowed reason={refusal(ctx.role, PERMISSIONS.postUpdates)}><DeletePostForm postId={post.id} /></Allowed>
      </Card>
    </div>
  );
}

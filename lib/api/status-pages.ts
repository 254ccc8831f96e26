import 'server-only';
import { listStatusPages, postForOwner, type PostRecord, postsForOwner, statusPageForOwner } from '@/db/queries/status-pages';
import type { ApiPost, ApiStatusPage } from '@/lib/contracts/api';
import { AppError } from '@/lib/errors';
import { linkBaseUrl } from '@/lib/env';
import type { TeamContext } from '@/lib/teams/roles';
import { requireUuid } from './ids';
import { isoTime } from './pages';

// Status pages, their components and posts through the API: by the status page forms' rules
// (lib/status-pages/schemas.ts), which take the API's fields as they are.

export async function apiStatusPage(ctx: TeamContext, id: string): Promise<ApiStatusPage> {
  const page = await statusPageForOwner(ctx.teamId, id);
  if (!page) throw new AppError('NOT_FOUND', 'That status page does not exist.');
  return {
    id: page.id,
    title: page.title,
    slug: page.slug,
    url: page.customHost ? `https://${page.customHost}/` : `${linkBaseUrl().replace(/\/$/, '')}/s/${page.slug}`,
    description: page.description,
    logoUrl: page.logoUrl,
    timeZone: page.timeZone,
    customHost: page.customHost,
    allowFraming: page.allowFraming,
    sloDays: page.sloDays,
    protected: page.protected,
    components: page.components.map((component) => ({ id: component.id, name: component.name, description: component.description, groupName: component.groupName, monitorIds: component.monitors.map((m) => m.id) })),
  };
}

export async function listApiStatusPages(ctx: TeamContext): Promise<ApiStatusPage[]> {
  return Promise.all((await listStatusPages(ctx.teamId)).map((page) => apiStatusPage(ctx, page.id)));
}

function toApiPost(post: PostRecord, pageId: string): ApiPost {
  return {
    id: post.id,
    pageId,
    title: post.title,
    impact: post.impact,
    createdAt: post.createdAt.toISOString(),
    resolvedAt: isoTime(post.resolvedAt),
    componentIds: post.components.map((component) => component.id),
    updates: post.updates.map((update) => ({ id: update.id, state: update.state, body: update.body, createdAt: update.createdAt.toISOString() })),
  };
}

export async function apiPost(ctx: TeamContext, pageId: string, postId: string): Promise<ApiPost> {
  const post = await postForOwner(ctx.teamId, postId);
  if (!post || post.pageId !== pageId) throw new AppError('NOT_FOUND', 'That post does not exist.');
  return toApiPost(post, pageId);
}

export async function listApiPosts(ctx: TeamContext, pageId: string): Promise<ApiPost[]> {
  await apiStatusPage(ctx, pageId);
  return (await postsForOwner(ctx.teamId, pageId)).map((post) => toApiPost(post, pageId));
}

/** A component of the page named by the path ({id}, {componentId}): 404 unless it is on that page of the team. */
export async function componentOf(ctx: TeamContext, params: Record<string, string>) {
  const page = await apiStatusPage(ctx, requireUuid(params.id, 'status page'));
  const component = page.components.find((c) => c.id === params.componentId);
  if (!component) throw new AppError('NOT_FOUND', 'That component does not exist on this page.');
  return { page, component };
}

import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { agents, incidents, monitors, statusPageComponents, statusPagePostComponents, statusPagePosts, statusPagePostUpdates, statusPages } from '@/db/schema';
import type { PostImpact, PostState } from '@/db/schema/status-pages';
import { AppError } from '@/lib/errors';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';
import { lockOwnPage, touchPage } from './manage';
import { enqueuePostUpdate } from './subscriptions';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record';

// Incident posts a user writes on their status page. Scoped like the pages: another user's
// page, post, component or incident id is NOT_FOUND. An update that resolves a post stamps
// its resolution time; a later update in another state opens it again.

const postNotFound = () => new AppError('NOT_FOUND', 'That post does not exist.');

/** The page of a post of ctx.teamId's (its page row locked). */
async function lockOwnPost(tx: Transaction, ctx: TeamContext, postId: string): Promise<string> {
  const [row] = await tx
    .select({ pageId: statusPagePosts.pageId })
    .from(statusPagePosts)
    .innerJoin(statusPages, eq(statusPages.id, statusPagePosts.pageId))
    .where(and(eq(statusPagePosts.id, postId), eq(statusPages.teamId, ctx.teamId)));
  if (!row) throw postNotFound();
  await lockOwnPage(tx, ctx, row.pageId);
  return row.pageId;
}

async function setComponents(tx: Transaction, pageId: string, postId: string, componentIds: string[]): Promise<void> {
  const unique = [...new Set(componentIds)];
  if (unique.length > 0) {
    const onPage = await tx
      .select({ id: statusPageComponents.id })
      .from(statusPageComponents)
      .where(and(eq(statusPageComponents.pageId, pageId), inArray(statusPageComponents.id, unique)));
    if (onPage.length !== unique.length) {
      throw new AppError('NOT_FOUND', 'Choose among the components of this page.', { details: [{ field: 'componentIds', message: 'Choose among the components of this page.' }] });
    }
  }
  await tx.delete(statusPagePostComponents).where(eq(statusPagePostComponents.postId, postId));
  if (unique.length > 0) await tx.insert(statusPagePostComponents).values(unique.map((componentId) => ({ postId, componentId })));
}

export interface NewPost {
  pageId: string;
  title: string;
  impact: PostImpact;
  componentIds: string[];
  state: PostState;
  body: string;
  incidentId?: string;
}

export async function createPost({ ctx, input }: { ctx: TeamContext; input: NewPost }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.postUpdates);
  const created = await db.transaction(async (tx) => {
    await lockOwnPage(tx, ctx, input.pageId);
    if (input.incidentId) {
      const [incident] = await tx
        .select({ id: incidents.id })
        .from(incidents)
        .innerJoin(monitors, eq(monitors.id, incidents.monitorId))
        .innerJoin(agents, eq(agents.id, monitors.agentId))
        .where(and(eq(incidents.id, input.incidentId), eq(agents.teamId, ctx.teamId)));
      if (!incident) throw new AppError('NOT_FOUND', 'That incident does not exist.');
    }
    const [post] = await tx
      .insert(statusPagePosts)
      .values({ pageId: input.pageId, title: input.title, impact: input.impact, incidentId: input.incidentId ?? null, resolvedAt: input.state === 'resolved' ? new Date() : null })
      .returning({ id: statusPagePosts.id });
    await setComponents(tx, input.pageId, post!.id, input.componentIds);
    const [update] = await tx.insert(statusPagePostUpdates).values({ postId: post!.id, state: input.state, body: input.body }).returning({ id: statusPagePostUpdates.id });
    await enqueuePostUpdate(tx, { postId: post!.id, updateId: update!.id });
    await touchPage(tx, input.pageId);
    await recordAudit(tx, ctx, { action: 'created', kind: 'post', id: post!.id, label: input.title, fields: ['state', 'body'] });
    return post!;
  });
  wakeDeliveryWorker();
  return created;
}

export async function updatePost({ ctx, input }: { ctx: TeamContext; input: { postId: string; title: string; impact: PostImpact; componentIds: string[] } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.postUpdates);
  await db.transaction(async (tx) => {
    const pageId = await lockOwnPost(tx, ctx, input.postId);
    const [current] = await tx.select().from(statusPagePosts).where(eq(statusPagePosts.id, input.postId));
    const components = (await tx.select({ id: statusPagePostComponents.componentId }).from(statusPagePostComponents).where(eq(statusPagePostComponents.postId, input.postId))).map((row) => row.id).sort();
    await tx.update(statusPagePosts).set({ title: input.title, impact: input.impact }).where(eq(statusPagePosts.id, input.postId));
    await setComponents(tx, pageId, input.postId, input.componentIds);
    const fields = changedFields({ ...current, componentIds: components }, { title: input.title, impact: input.impact, componentIds: [...new Set(input.componentIds)].sort() });
    await recordAudit(tx, ctx, { action: 'changed', kind: 'post', id: input.postId, label: input.title, fields });
    await touchPage(tx, pageId);
  });
}

export async function addPostUpdate({ ctx, input }: { ctx: TeamContext; input: { postId: string; state: PostState; body: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.postUpdates);
  await db.transaction(async (tx) => {
    const pageId = await lockOwnPost(tx, ctx, input.postId);
    const [update] = await tx.insert(statusPagePostUpdates).values({ postId: input.postId, state: input.state, body: input.body }).returning({ id: statusPagePostUpdates.id });
    await tx
      .update(statusPagePosts)
      .set({ resolvedAt: input.state === 'resolved' ? sql`coalesce(${statusPagePosts.resolvedAt}, now())` : null })
      .where(eq(statusPagePosts.id, input.postId));
    await enqueuePostUpdate(tx, { postId: input.postId, updateId: update!.id });
    await touchPage(tx, pageId);
    const [post] = await tx.select({ title: statusPagePosts.title }).from(statusPagePosts).where(eq(statusPagePosts.id, input.postId));
    await recordAudit(tx, ctx, { action: 'update_posted', kind: 'post', id: input.postId, label: post?.title, fields: ['state', 'body'] });
  });
  wakeDeliveryWorker();
}

export async function deletePost({ ctx, input }: { ctx: TeamContext; input: { postId: string } }): Promise<{ pageId: string }> {
  requireRole(ctx, PERMISSIONS.postUpdates);
  return db.transaction(async (tx) => {
    const pageId = await lockOwnPost(tx, ctx, input.postId);
    const [deleted] = await tx.delete(statusPagePosts).where(eq(statusPagePosts.id, input.postId)).returning({ title: statusPagePosts.title });
    await touchPage(tx, pageId);
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'post', id: input.postId, label: deleted?.title });
    return { pageId };
  });
}

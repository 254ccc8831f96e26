import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { agents, monitors, statusPageComponentMonitors, statusPageComponents, statusPages } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import type { ComponentInput, StatusPageInput } from './schemas';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record';

// A team's status pages, managed by its editors. Every statement is scoped by ctx.teamId: another
// user's page, component or monitor id is NOT_FOUND, the same as a missing one.

const pageNotFound = () => new AppError('NOT_FOUND', 'That status page does not exist.');
const componentNotFound = () => new AppError('NOT_FOUND', 'That component does not exist.');
const hostTaken = () =>
  new AppError('CONFLICT', 'That host name is already used by a status page.', { details: [{ field: 'customHost', message: 'That host name is already used by a status page.' }] });
const slugTaken = () =>
  new AppError('CONFLICT', 'That address is taken; choose another.', { details: [{ field: 'slug', message: 'That address is taken; choose another.' }] });

/** Lock a page of ctx.teamId's (its components and posts change under this lock); NOT_FOUND otherwise. */
export async function lockOwnPage(tx: Transaction, ctx: TeamContext, pageId: string): Promise<void> {
  const [page] = await tx
    .select({ id: statusPages.id })
    .from(statusPages)
    .where(and(eq(statusPages.id, pageId), eq(statusPages.teamId, ctx.teamId)))
    .for('update');
  if (!page) throw pageNotFound();
}

/** The page id of a component of ctx.teamId's, locking the page (components are renumbered under it). */
async function ownComponent(tx: Transaction, ctx: TeamContext, componentId: string): Promise<string> {
  const [row] = await tx
    .select({ pageId: statusPageComponents.pageId })
    .from(statusPageComponents)
    .innerJoin(statusPages, eq(statusPages.id, statusPageComponents.pageId))
    .where(and(eq(statusPageComponents.id, componentId), eq(statusPages.teamId, ctx.teamId)));
  if (!row) throw componentNotFound();
  await lockOwnPage(tx, ctx, row.pageId);
  return row.pageId;
}

export async function assertOwnMonitors(tx: Transaction, ctx: TeamContext, monitorIds: string[]): Promise<void> {
  const unique = [...new Set(monitorIds)];
  const owned = await tx
    .select({ id: monitors.id })
    .from(monitors)
    .innerJoin(agents, eq(agents.id, monitors.agentId))
    .where(and(inArray(monitors.id, unique), eq(agents.teamId, ctx.teamId)));
  if (owned.length !== unique.length) {
    throw new AppError('NOT_FOUND', 'Choose among your own monitors.', { details: [{ field: 'monitorIds', message: 'Choose among your own monitors.' }] });
  }
}

/** Watchpost's own address cannot serve as a page's host name. */
function assertNotOwnHost(customHost: string | undefined): void {
  const own = getEnv().WATCHPOST_PUBLIC_URL;
  if (customHost && own && new URL(own).hostname === customHost) {
    throw new AppError('INVALID_INPUT', "That is this Watchpost's own address.", { details: [{ field: 'customHost', message: "That is this Watchpost's own address." }] });
  }
}

async function withSlug<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const cause = pgError(error);
    if (cause?.code === UNIQUE_VIOLATION && cause.constraint === 'status_pages_slug_key') throw slugTaken();
    if (cause?.code === UNIQUE_VIOLATION && cause.constraint === 'status_pages_custom_host_key') throw hostTaken();
    throw error;
  }
}

export async function createStatusPage({ ctx, input }: { ctx: TeamContext; input: StatusPageInput }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  assertNotOwnHost(input.customHost);
  return withSlug(() =>
    db.transaction(async (tx) => {
      const [created] = await tx
        .insert(statusPages)
        .values({ userId: ctx.userId, teamId: ctx.teamId, ...input, logoUrl: input.logoUrl ?? null, customHost: input.customHost ?? null })
        .returning({ id: statusPages.id });
      await recordAudit(tx, ctx, { action: 'created', kind: 'status_page', id: created!.id, label: input.title });
      return created!;
    }),
  );
}

export async function updateStatusPage({ ctx, input }: { ctx: TeamContext; input: StatusPageInput & { pageId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  const { pageId, ...fields } = input;
  assertNotOwnHost(fields.customHost);
  await withSlug(() =>
    db.transaction(async (tx) => {
      const [current] = await tx.select().from(statusPages).where(and(eq(statusPages.id, pageId), eq(statusPages.teamId, ctx.teamId))).for('update');
      if (!current) throw pageNotFound();
      const values = { ...fields, logoUrl: fields.logoUrl ?? null, customHost: fields.customHost ?? null };
      await tx.update(statusPages).set({ ...values, updatedAt: new Date() }).where(eq(statusPages.id, pageId));
      await recordAudit(tx, ctx, { action: 'changed', kind: 'status_page', id: pageId, label: fields.title, fields: changedFields(current, values) });
    }),
  );
}

export async function deleteStatusPage({ ctx, input }: { ctx: TeamContext; input: { pageId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(statusPages)
      .where(and(eq(statusPages.id, input.pageId), eq(statusPages.teamId, ctx.teamId)))
      .returning({ id: statusPages.id, title: statusPages.title });
    if (!deleted) throw pageNotFound();
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'status_page', id: deleted.id, label: deleted.title });
  });
}

/** Protect the page with a password (stored as argon2id), or with `null` make it public; either way earlier unlocks end. */
export async function setStatusPagePassword({ ctx, input }: { ctx: TeamContext; input: { pageId: string; password: string | null } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(statusPages)
      .set({ passwordHash, passwordVersion: sql`${statusPages.passwordVersion} + 1`, updatedAt: new Date() })
      .where(and(eq(statusPages.id, input.pageId), eq(statusPages.teamId, ctx.teamId)))
      .returning({ id: statusPages.id, title: statusPages.title });
    if (!updated) throw pageNotFound();
    await recordAudit(tx, ctx, { action: input.password === null ? 'password_removed' : 'password_set', kind: 'status_page', id: updated.id, label: updated.title, fields: ['password'] });
  });
}

/** Note that a page changed (its settings list pages by it). */
export async function touchPage(tx: Transaction, pageId: string): Promise<void> {
  await tx.update(statusPages).set({ updatedAt: new Date() }).where(eq(statusPages.id, pageId));
}

export async function addComponent({ ctx, input }: { ctx: TeamContext; input: ComponentInput & { pageId: string } }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  return db.transaction(async (tx) => {
    await lockOwnPage(tx, ctx, input.pageId);
    await assertOwnMonitors(tx, ctx, input.monitorIds);
    const [last] = await tx
      .select({ position: statusPageComponents.position })
      .from(statusPageComponents)
      .where(eq(statusPageComponents.pageId, input.pageId))
      .orderBy(desc(statusPageComponents.position))
      .limit(1);
    const [created] = await tx
      .insert(statusPageComponents)
      .values({ pageId: input.pageId, name: input.name, description: input.description, groupName: input.groupName, position: (last?.position ?? -1) + 1 })
      .returning({ id: statusPageComponents.id });
    await tx.insert(statusPageComponentMonitors).values([...new Set(input.monitorIds)].map((monitorId) => ({ componentId: created!.id, monitorId })));
    await touchPage(tx, input.pageId);
    await recordAudit(tx, ctx, { action: 'created', kind: 'component', id: created!.id, label: input.name });
    return created!;
  });
}

export async function updateComponent({ ctx, input }: { ctx: TeamContext; input: ComponentInput & { componentId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  await db.transaction(async (tx) => {
    const pageId = await ownComponent(tx, ctx, input.componentId);
    await assertOwnMonitors(tx, ctx, input.monitorIds);
    const [current] = await tx.select().from(statusPageComponents).where(eq(statusPageComponents.id, input.componentId));
    const monitorIds = (await tx.select({ id: statusPageComponentMonitors.monitorId }).from(statusPageComponentMonitors).where(eq(statusPageComponentMonitors.componentId, input.componentId))).map((row) => row.id).sort();
    await recordAudit(tx, ctx, {
      action: 'changed',
      kind: 'component',
      id: input.componentId,
      label: input.name,
      fields: changedFields({ ...current, monitorIds }, { name: input.name, description: input.description, groupName: input.groupName, monitorIds: [...new Set(input.monitorIds)].sort() }),
    });
    await tx
      .update(statusPageComponents)
      .set({ name: input.name, description: input.description, groupName: input.groupName })
      .where(eq(statusPageComponents.id, input.componentId));
    await tx.delete(statusPageComponentMonitors).where(eq(statusPageComponentMonitors.componentId, input.componentId));
    await tx.insert(statusPageComponentMonitors).values([...new Set(input.monitorIds)].map((monitorId) => ({ componentId: input.componentId, monitorId })));
    await touchPage(tx, pageId);
  });
}

export async function deleteComponent({ ctx, input }: { ctx: TeamContext; input: { componentId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  await db.transaction(async (tx) => {
    const pageId = await ownComponent(tx, ctx, input.componentId);
    const [deleted] = await tx.delete(statusPageComponents).where(eq(statusPageComponents.id, input.componentId)).returning({ name: statusPageComponents.name });
    await touchPage(tx, pageId);
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'component', id: input.componentId, label: deleted?.name });
  });
}

/** Swap a component with its neighbour above or below. */
export async function moveComponent({ ctx, input }: { ctx: TeamContext; input: { componentId: string; direction: 'up' | 'down' } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageStatusPages);
  await db.transaction(async (tx) => {
    const pageId = await ownComponent(tx, ctx, input.componentId);
    const order = await tx
      .select({ id: statusPageComponents.id, name: statusPageComponents.name })
      .from(statusPageComponents)
      .where(eq(statusPageComponents.pageId, pageId))
      .orderBy(asc(statusPageComponents.position), asc(statusPageComponents.id));
    const index = order.findIndex((row) => row.id === input.componentId);
    const other = index + (input.direction === 'up' ? -1 : 1);
    if (other < 0 || other >= order.length) return;
    [order[index], order[other]] = [order[other]!, order[index]!];
    for (const [position, row] of order.entries()) {
      await tx.update(statusPageComponents).set({ position }).where(eq(statusPageComponents.id, row.id));
    }
    await touchPage(tx, pageId);
    await recordAudit(tx, ctx, { action: 'moved', kind: 'component', id: input.componentId, label: order[other]?.name, fields: ['position'] });
  });
}

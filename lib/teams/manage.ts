import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { teamMembers, teams, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { hasSecondFactor } from '@/lib/accounts/two-factor';
import { type AssignableRole, PERMISSIONS, requireRole, type TeamContext } from './roles';

// Teams and their members. Every statement is scoped by ctx.teamId after the role check;
// another team's member is NOT_FOUND like a missing one. The owner is exactly one member:
// never removed, demoted or changed by anyone but through a hand-over.

const memberNotFound = () => new AppError('NOT_FOUND', 'That person is not a member of this team.');

/** A new team, with the person who made it as its owner (their plan covers it). */
export async function createTeam({ userId, input }: { userId: string; input: { name: string } }): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [team] = await tx.insert(teams).values({ name: input.name }).returning({ id: teams.id });
    await tx.insert(teamMembers).values({ teamId: team!.id, userId, role: 'owner' });
    await recordAudit(tx, { userId, teamId: team!.id, role: 'owner' }, { action: 'created', kind: 'team', id: team!.id, label: input.name });
    return team!;
  });
}

/** The team's name and (when given) its time zone. */
export async function renameTeam({ ctx, input }: { ctx: TeamContext; input: { name: string; timeZone?: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageTeam);
  await db.transaction(async (tx) => {
    await tx.update(teams).set({ name: input.name, ...(input.timeZone ? { timeZone: input.timeZone } : {}) }).where(eq(teams.id, ctx.teamId));
    await recordAudit(tx, ctx, { action: 'changed', kind: 'team', id: ctx.teamId, label: input.name, fields: input.timeZone ? ['name', 'timeZone'] : ['name'] });
  });
}

/**
 * Require (or stop requiring) two-factor sign-in of the team's members: without it they
 * reach only Settings → Security (lib/auth/session.ts requireTeam) and their API tokens stop.
 * An admin turns it on only with two-factor sign-in of their own, so it never locks them out.
 */
export async function setTwoFactorPolicy({ ctx, input }: { ctx: TeamContext; input: { required: boolean } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageMembers);
  if (input.required && !(await hasSecondFactor(ctx.userId))) {
    throw new AppError('CONFLICT', 'Set up two-factor sign-in for yourself first (Settings → Security): the policy would lock you out too.');
  }
  await db.transaction(async (tx) => {
    const [team] = await tx.update(teams).set({ requireTwoFactor: input.required }).where(eq(teams.id, ctx.teamId)).returning({ name: teams.name });
    if (!team) throw new AppError('NOT_FOUND', 'That team does not exist.');
    await recordAudit(tx, ctx, { action: input.required ? 'two_factor_required' : 'two_factor_optional', kind: 'team', id: ctx.teamId, label: team.name, fields: ['requireTwoFactor'] });
  });
}

/** Deletes the team and everything it owns (agents, monitors with their history, channels, pages, maintenance). */
export async function deleteTeam({ ctx, input }: { ctx: TeamContext; input: { confirmName: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageTeam);
  await db.transaction(async (tx) => {
    const [team] = await tx.select({ name: teams.name, personalUserId: teams.personalUserId }).from(teams).where(eq(teams.id, ctx.teamId)).for('update');
    if (!team) throw new AppError('NOT_FOUND', 'That team no longer exists.');
    if (team.personalUserId) {
      throw new AppError('FORBIDDEN', 'Your personal team goes with your account: delete the account in Settings instead.');
    }
    if (input.confirmName.trim() !== team.name) {
      const message = `Type the team's name, “${team.name}”, to confirm.`;
      throw new AppError('INVALID_INPUT', message, { details: [{ field: 'confirmName', message }] });
    }
    await tx.delete(teams).where(eq(teams.id, ctx.teamId));
    // The team's own log goes with it: the deletion is kept in the deleter's personal team's log.
    const [personal] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.personalUserId, ctx.userId));
    if (personal) await recordAudit(tx, { ...ctx, teamId: personal.id }, { action: 'deleted', kind: 'team', id: ctx.teamId, label: team.name });
  });
}

/** Lock the member row of `userId` in ctx's team; NOT_FOUND if there is none. */
async function lockMember(tx: Transaction, ctx: TeamContext, userId: string) {
  const [member] = await tx
    .select({ role: teamMembers.role, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, userId)))
    .for('update', { of: teamMembers });
  if (!member) throw memberNotFound();
  return member;
}

/** Give a member another role. The owner's role is changed only by handing the team over. */
export async function changeRole({ ctx, input }: { ctx: TeamContext; input: { userId: string; role: AssignableRole } }): Promise<{ from: string }> {
  requireRole(ctx, PERMISSIONS.manageMembers);
  return db.transaction(async (tx) => {
    const member = await lockMember(tx, ctx, input.userId);
    if (member.role === 'owner') {
      throw new AppError('FORBIDDEN', "The owner's role cannot be changed: the owner can hand the team over to another member.");
    }
    await tx.update(teamMembers).set({ role: input.role }).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, input.userId)));
    await recordAudit(tx, ctx, { action: 'role_changed', kind: 'member', id: input.userId, label: `${member.email}: ${member.role} → ${input.role}`, fields: ['role'] });
    return { from: member.role };
  });
}

/** Remove a member: their access ends at their next request. Not the owner. */
export async function removeMember({ ctx, input }: { ctx: TeamContext; input: { userId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageMembers);
  await db.transaction(async (tx) => {
    const member = await lockMember(tx, ctx, input.userId);
    if (member.role === 'owner') throw new AppError('FORBIDDEN', 'The owner cannot be removed: the owner can hand the team over first.');
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, input.userId)));
    await recordAudit(tx, ctx, { action: 'removed', kind: 'member', id: input.userId, label: member.email });
  });
}

/** Leave the team. The owner must hand it over first. */
export async function leaveTeam({ ctx }: { ctx: TeamContext }): Promise<void> {
  await db.transaction(async (tx) => {
    const member = await lockMember(tx, ctx, ctx.userId);
    if (member.role === 'owner') throw new AppError('FORBIDDEN', 'You own this team: hand it over to another member before you leave.');
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, ctx.userId)));
    await recordAudit(tx, ctx, { action: 'left', kind: 'member', id: ctx.userId, label: member.email });
  });
}

/** Hand the team over to another member; the old owner stays as an admin. */
export async function transferOwnership({ ctx, input }: { ctx: TeamContext; input: { userId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageTeam);
  if (input.userId === ctx.userId) throw new AppError('INVALID_INPUT', 'You already own this team.');
  await db.transaction(async (tx) => {
    // Both rows locked in one statement (in key order), so two hand-overs cannot interleave.
    const rows = await tx
      .select({ userId: teamMembers.userId, role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, ctx.teamId), sql`${teamMembers.userId} IN (${ctx.userId}, ${input.userId})`))
      .orderBy(teamMembers.userId)
      .for('update');
    if (rows.find((row) => row.userId === ctx.userId)?.role !== 'owner') throw new AppError('FORBIDDEN', 'Only the owner can hand the team over.');
    if (!rows.some((row) => row.userId === input.userId)) throw memberNotFound();
    // The old owner steps down first: the partial unique index allows one owner at a time.
    await tx.update(teamMembers).set({ role: 'admin' }).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, ctx.userId)));
    await tx.update(teamMembers).set({ role: 'owner' }).where(and(eq(teamMembers.teamId, ctx.teamId), eq(teamMembers.userId, input.userId), ne(teamMembers.role, 'owner')));
    const [target] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.userId));
    await recordAudit(tx, ctx, { action: 'ownership_transferred', kind: 'member', id: input.userId, label: target?.email, fields: ['role'] });
  });
}

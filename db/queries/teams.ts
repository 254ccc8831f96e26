import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { teamMembers, teams, type TeamRole } from '@/db/schema';
import { hasSecondFactorSql } from '@/db/sql/two-factor';

export interface Membership {
  teamId: string;
  name: string;
  role: TeamRole;
  personal: boolean;
  /** The team's owner, whose plan covers it. */
  ownerId: string;
  /** That plan. */
  plan: string;
  /** The team asks its members for two-factor sign-in before its data. */
  requireTwoFactor: boolean;
  /** The team's calendar: SLO months, report days, when scheduled reports go out. */
  timeZone: string;
}

/** The teams a person belongs to, their personal team first, then by name. */
export async function membershipsOf(userId: string): Promise<Membership[]> {
  const rows = await db
    .select({ teamId: teams.id, name: teams.name, role: teamMembers.role, requireTwoFactor: teams.requireTwoFactor, timeZone: teams.timeZone, personal: sql<boolean>`"teams"."personal_user_id" IS NOT DISTINCT FROM ${userId}`,
      ownerId: sql<string>`(SELECT o.user_id FROM team_members o WHERE o.team_id = "teams"."id" AND o.role = 'owner')`,
      plan: sql<string>`(SELECT coalesce(u.plan, 'free') FROM team_members o JOIN users u ON u.id = o.user_id WHERE o.team_id = "teams"."id" AND o.role = 'owner')`,
    })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(sql`"teams"."personal_user_id" IS NOT DISTINCT FROM ${userId} DESC`, asc(sql`lower("teams"."name")`));
  return rows.map((row) => ({ ...row, role: row.role as TeamRole }));
}

/** How many of the team's members have neither a confirmed authenticator app nor a passkey. */
export async function membersWithoutTwoFactor(teamId: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM team_members m WHERE m.team_id = ${teamId} AND NOT ${hasSecondFactorSql(sql.raw('m.user_id'))}`);
  return [...rows][0]?.n ?? 0;
}

export type OwnedKind = 'monitor' | 'agent' | 'incident' | 'channel' | 'statusPage' | 'maintenance';

const TEAM_OF: Record<OwnedKind, (id: string) => ReturnType<typeof sql>> = {
  monitor: (id) => sql`SELECT a.team_id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE m.id = ${id}`,
  agent: (id) => sql`SELECT team_id FROM agents WHERE id = ${id}`,
  incident: (id) => sql`SELECT a.team_id FROM incidents i JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id WHERE i.id = ${id}`,
  channel: (id) => sql`SELECT team_id FROM notification_channels WHERE id = ${id}`,
  statusPage: (id) => sql`SELECT team_id FROM status_pages WHERE id = ${id}`,
  maintenance: (id) => sql`SELECT team_id FROM maintenance_windows WHERE id = ${id}`,
};

/** The team of a thing, if `userId` is a member of it (else null: the same for a stranger's thing and a missing one). */
export async function memberTeamOf(userId: string, kind: OwnedKind, id: string): Promise<string | null> {
  const rows = await db.execute<{ team_id: string }>(sql`
    SELECT t.team_id FROM (${TEAM_OF[kind](id)}) t
    JOIN team_members tm ON tm.team_id = t.team_id AND tm.user_id = ${userId}`);
  return rows[0]?.team_id ?? null;
}

/** Whether `userId` belongs to team `teamId`. */
export async function isMember(userId: string, teamId: string): Promise<boolean> {
  const [row] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.userId, userId), eq(teamMembers.teamId, teamId)));
  return !!row;
}

export interface MemberRow {
  userId: string;
  email: string;
  role: TeamRole;
  joinedAt: Date;
}

/** A team's members, the owner first, then by role and address. */
export async function teamMembersOf(teamId: string): Promise<MemberRow[]> {
  const rows = await db.execute<{ user_id: string; email: string; role: TeamRole; joined_at: Date }>(sql`
    SELECT tm.user_id, u.email, tm.role, tm.created_at AS joined_at
    FROM team_members tm JOIN users u ON u.id = tm.user_id
    WHERE tm.team_id = ${teamId}
    ORDER BY array_position(ARRAY['owner', 'admin', 'editor', 'responder', 'viewer'], tm.role::text), lower(u.email)`);
  return rows.map((row) => ({ userId: row.user_id, email: row.email, role: row.role, joinedAt: new Date(row.joined_at) }));
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: TeamRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations of a team not yet accepted, revoked or expired, newest first, with who sent them. */
export async function pendingInvitations(teamId: string): Promise<PendingInvitation[]> {
  const rows = await db.execute<{ id: string; email: string; role: TeamRole; invited_by: string | null; created_at: Date; expires_at: Date }>(sql`
    SELECT i.id, i.email, i.role, u.email AS invited_by, i.created_at, i.expires_at
    FROM team_invitations i LEFT JOIN users u ON u.id = i.invited_by
    WHERE i.team_id = ${teamId} AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
    ORDER BY i.created_at DESC`);
  return rows.map((row) => ({ id: row.id, email: row.email, role: row.role, invitedBy: row.invited_by, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) }));
}

/** The owner of a team (their plan covers it). */
export async function teamOwnerId(teamId: string): Promise<string | null> {
  const [row] = await db.execute<{ user_id: string }>(sql`SELECT user_id FROM team_members WHERE team_id = ${teamId} AND role = 'owner'`);
  return row?.user_id ?? null;
}

import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { teamInvitations, teamMembers, teams, users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { mailConfigured, sendMail } from '@/lib/mail/send';
import { type AssignableRole, PERMISSIONS, requireRole, ROLE_LABELS, type TeamContext } from './roles';

// Invitations into a team: a random token in the link (`/join/<token>`), only its SHA-256
// stored. A link is good once, for 7 days, for the address it was made for; inviting the
// address again, or revoking, ends the older link.

export const TEAM_INVITATION_DAYS = 7;
const TOKEN_PREFIX = 'wpm_';

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export const joinUrl = (baseUrl: string, token: string) => `${baseUrl}/join/${encodeURIComponent(token)}`;

export interface SentInvitation {
  email: string;
  url: string;
  /** mailed: sent through WATCHPOST_SMTP_URL · unsent: no SMTP configured · failed: the SMTP server refused (the link still works) */
  mail: 'mailed' | 'unsent' | 'failed';
}

/** Invite `email` into ctx's team as `role`; mailed when SMTP is set, and the link returned either way (for the inviter to copy). */
export async function inviteMember({
  ctx,
  input,
  baseUrl,
}: {
  ctx: TeamContext;
  input: { email: string; role: AssignableRole };
  baseUrl: string;
}): Promise<SentInvitation> {
  requireRole(ctx, PERMISSIONS.manageMembers);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { teamName, inviter } = await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: teamMembers.userId })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, ctx.teamId), eq(users.email, input.email)));
    if (member) {
      const message = `${input.email} is already a member of this team.`;
      throw new AppError('CONFLICT', message, { details: [{ field: 'email', message }] });
    }
    // Only the newest link for an address works.
    await tx
      .update(teamInvitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(teamInvitations.teamId, ctx.teamId), eq(teamInvitations.email, input.email), isNull(teamInvitations.acceptedAt), isNull(teamInvitations.revokedAt)));
    await recordAudit(tx, ctx, { action: 'invited', kind: 'invitation', label: `${input.email} as ${input.role}`, fields: ['role'] });
    await tx.insert(teamInvitations).values({
      teamId: ctx.teamId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: ctx.userId,
      expiresAt: sql`now() + make_interval(days => ${TEAM_INVITATION_DAYS})`,
    });
    const [names] = await tx.execute<{ team: string; inviter: string }>(sql`
      SELECT (SELECT name FROM teams WHERE id = ${ctx.teamId}) AS team, (SELECT email FROM users WHERE id = ${ctx.userId}) AS inviter`);
    return { teamName: names!.team, inviter: names!.inviter };
  });
  const url = joinUrl(baseUrl, token);
  if (!mailConfigured()) return { email: input.email, url, mail: 'unsent' };
  try {
    await sendMail({
      to: input.email,
      subject: `${inviter} invited you to ${teamName} on Watchpost`,
      text: [
        `${inviter} invited you to join the team “${teamName}” on Watchpost as ${ROLE_LABELS[input.role].toLowerCase()}.`,
        '',
        `Accept the invitation: ${url}`,
        '',
        `The link works once, for ${input.email}, and expires in ${TEAM_INVITATION_DAYS} days.`,
      ].join('\n'),
    });
    return { email: input.email, url, mail: 'mailed' };
  } catch {
    return { email: input.email, url, mail: 'failed' };
  }
}

export async function revokeInvitation({ ctx, input }: { ctx: TeamContext; input: { invitationId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageMembers);
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(teamInvitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(teamInvitations.id, input.invitationId), eq(teamInvitations.teamId, ctx.teamId), isNull(teamInvitations.acceptedAt), isNull(teamInvitations.revokedAt)))
      .returning({ id: teamInvitations.id, email: teamInvitations.email });
    if (!revoked) throw new AppError('NOT_FOUND', 'That invitation is not pending.');
    await recordAudit(tx, ctx, { action: 'revoked', kind: 'invitation', id: revoked.id, label: revoked.email });
  });
}

export type TeamInvitationProblem = 'unknown' | 'accepted' | 'revoked' | 'expired';

export const TEAM_INVITATION_PROBLEMS: Record<TeamInvitationProblem, string> = {
  unknown: 'This invitation link is not valid. Check that you copied all of it.',
  accepted: 'This invitation has already been used.',
  revoked: 'This invitation was withdrawn. Ask the team for a new one.',
  expired: 'This invitation has expired. Ask the team for a new one.',
};

const invitationColumns = {
  id: teamInvitations.id,
  teamId: teamInvitations.teamId,
  email: teamInvitations.email,
  role: teamInvitations.role,
  acceptedAt: teamInvitations.acceptedAt,
  revokedAt: teamInvitations.revokedAt,
  expired: sql<boolean>`${teamInvitations.expiresAt} <= now()`,
};

type InvitationRow = { acceptedAt: Date | null; revokedAt: Date | null; expired: boolean };

function problemOf(row: InvitationRow | undefined): TeamInvitationProblem | null {
  if (!row) return 'unknown';
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expired ? 'expired' : null;
}

export interface InvitationView {
  email: string;
  role: AssignableRole;
  teamName: string;
}

/** What the join page shows for a link: the team, address and role, or why it is no good. */
export async function lookUpTeamInvitation(token: string): Promise<InvitationView | { problem: TeamInvitationProblem }> {
  const [row] = await db
    .select({ ...invitationColumns, teamName: teams.name })
    .from(teamInvitations)
    .innerJoin(teams, eq(teams.id, teamInvitations.teamId))
    .where(eq(teamInvitations.tokenHash, hashToken(token)));
  const problem = problemOf(row);
  return problem ? { problem } : { email: row!.email, role: row!.role as AssignableRole, teamName: row!.teamName };
}

/**
 * Use an invitation for the person `userId` whose address is `email`, inside `tx` (the
 * sign-up's transaction, or one of its own): it must be good and for that address. The
 * person joins with the invited role; the link is used up.
 */
export async function redeemTeamInvitation(tx: Transaction, input: { token: string; userId: string; email: string }): Promise<{ teamId: string }> {
  const [row] = await tx.select(invitationColumns).from(teamInvitations).where(eq(teamInvitations.tokenHash, hashToken(input.token))).for('update');
  const problem = problemOf(row);
  if (problem) throw new AppError('FORBIDDEN', TEAM_INVITATION_PROBLEMS[problem]);
  if (row!.email.toLowerCase() !== input.email.toLowerCase()) {
    throw new AppError('FORBIDDEN', `This invitation is for ${row!.email}. Sign in with that address to accept it.`);
  }
  await tx.insert(teamMembers).values({ teamId: row!.teamId, userId: input.userId, role: row!.role }).onConflictDoNothing();
  await tx.update(teamInvitations).set({ acceptedAt: sql`now()`, acceptedBy: input.userId }).where(eq(teamInvitations.id, row!.id));
  await recordAudit(tx, { userId: input.userId, teamId: row!.teamId, role: row!.role as AssignableRole }, { action: 'joined', kind: 'member', id: input.userId, label: `${input.email} as ${row!.role}` });
  return { teamId: row!.teamId };
}

/** A signed-in person accepts an invitation for their own address. */
export async function acceptTeamInvitation(input: { token: string; userId: string; email: string }): Promise<{ teamId: string }> {
  return db.transaction((tx) => redeemTeamInvitation(tx, input));
}

import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { invitations, users, waitlistSignups } from '@/db/schema';
import { AppError } from '@/lib/errors';

// Invitation links: a random token in the link, only its SHA-256 in the database. A link
// is good once, for 14 days, for the address it was made for.

export const INVITATION_DAYS = 14;
const TOKEN_PREFIX = 'wpi_';

export function hashInvitationToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/signup?invite=${encodeURIComponent(token)}`;
}

export interface CreatedInvitation {
  email: string;
  url: string;
  expiresAt: Date;
  /** the address was not on the waitlist: the operator invited it directly */
  added: boolean;
}

/**
 * Invite addresses (`emails`), or the `next` longest-waiting entries, from the waitlist.
 * Each gets a new link; an older unused link for the same address stops working.
 */
export async function createInvitations(input: { emails?: string[]; next?: number; baseUrl: string }): Promise<CreatedInvitation[]> {
  return db.transaction(async (tx) => {
    const entries: { id: string; email: string; added: boolean }[] = [];
    if (input.emails?.length) {
      const emails = [...new Set(input.emails)];
      const existing = await tx.select({ email: users.email }).from(users).where(inArray(users.email, emails));
      if (existing.length > 0) {
        throw new AppError('CONFLICT', `Already has an account: ${existing.map((row) => row.email).join(', ')}.`);
      }
      const added = await tx
        .insert(waitlistSignups)
        .values(emails.map((email) => ({ email, source: 'operator' })))
        .onConflictDoNothing({ target: waitlistSignups.email })
        .returning({ email: waitlistSignups.email });
      const addedSet = new Set(added.map((row) => row.email));
      const rows = await tx
        .select({ id: waitlistSignups.id, email: waitlistSignups.email })
        .from(waitlistSignups)
        .where(inArray(waitlistSignups.email, emails))
        .for('update');
      entries.push(...rows.map((row) => ({ ...row, added: addedSet.has(row.email) })));
    } else {
      const rows = await tx
        .select({ id: waitlistSignups.id, email: waitlistSignups.email })
        .from(waitlistSignups)
        .where(eq(waitlistSignups.state, 'waiting'))
        .orderBy(asc(waitlistSignups.createdAt), asc(waitlistSignups.id))
        .limit(input.next ?? 0)
        .for('update', { skipLocked: true });
      entries.push(...rows.map((row) => ({ ...row, added: false })));
    }
    return Promise.all(entries.map((entry) => invite(tx, entry, input.baseUrl)));
  });
}

async function invite(tx: Transaction, entry: { id: string; email: string; added: boolean }, baseUrl: string): Promise<CreatedInvitation> {
  const token = newToken();
  // Only the newest link of an address works.
  await tx
    .update(invitations)
    .set({ expiresAt: sql`least(${invitations.expiresAt}, now())` })
    .where(and(eq(invitations.waitlistSignupId, entry.id), isNull(invitations.usedAt)));
  const [created] = await tx
    .insert(invitations)
    .values({
      tokenHash: hashInvitationToken(token),
      email: entry.email,
      waitlistSignupId: entry.id,
      expiresAt: sql`now() + make_interval(days => ${INVITATION_DAYS})`,
    })
    .returning({ expiresAt: invitations.expiresAt });
  await tx.update(waitlistSignups).set({ state: 'invited', invitedAt: sql`now()` }).where(eq(waitlistSignups.id, entry.id));
  return { email: entry.email, url: invitationUrl(baseUrl, token), expiresAt: created!.expiresAt, added: entry.added };
}

export type InvitationProblem = 'unknown' | 'used' | 'expired';

export const INVITATION_PROBLEMS: Record<InvitationProblem, string> = {
  unknown: 'This invitation link is not valid. Check that you copied all of it.',
  used: 'This invitation has already been used. Sign in instead, or ask for a new invitation.',
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
};

function problemOf(row: { usedAt: Date | null; expired: boolean } | undefined): InvitationProblem | null {
  if (!row) return 'unknown';
  if (row.usedAt) return 'used';
  return row.expired ? 'expired' : null;
}

const invitationColumns = {
  id: invitations.id,
  email: invitations.email,
  waitlistSignupId: invitations.waitlistSignupId,
  usedAt: invitations.usedAt,
  expired: sql<boolean>`${invitations.expiresAt} <= now()`,
};

/** What the sign-up page shows for a link: the invited address, or why the link is no good. */
export async function lookUpInvitation(token: string): Promise<{ email: string } | { problem: InvitationProblem }> {
  const [row] = await db.select(invitationColumns).from(invitations).where(eq(invitations.tokenHash, hashInvitationToken(token)));
  const problem = problemOf(row);
  return problem ? { problem } : { email: row!.email };
}

/**
 * Use an invitation inside the transaction that creates the account: locks it, checks
 * it is good for `email`, and marks it used and its waitlist entry converted.
 */
export async function redeemInvitation(tx: Transaction, input: { token: string; email: string; userId: string }): Promise<void> {
  const [row] = await tx
    .select(invitationColumns)
    .from(invitations)
    .where(eq(invitations.tokenHash, hashInvitationToken(input.token)))
    .for('update');
  const problem = problemOf(row);
  if (problem) throw new AppError('FORBIDDEN', INVITATION_PROBLEMS[problem]);
  if (row!.email !== input.email) {
    const message = `This invitation is for ${row!.email}: sign up with that address.`;
    throw new AppError('FORBIDDEN', message, { details: [{ field: 'email', message }] });
  }
  await tx.update(invitations).set({ usedAt: sql`now()`, usedByUserId: input.userId }).where(eq(invitations.id, row!.id));
}

/** Whoever registers with an address on the waitlist has converted, invited or not. */
export async function markConverted(tx: Transaction, input: { email: string; userId: string }): Promise<void> {
  await tx
    .update(waitlistSignups)
    .set({ state: 'converted', convertedAt: sql`now()`, userId: input.userId })
    .where(eq(waitlistSignups.email, input.email));
}

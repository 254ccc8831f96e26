import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { hasSecondFactorSql } from '@/db/sql/two-factor';
import { apiTokens, teamMembers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { type ApiTokenRole, hasRole, PERMISSIONS, requireRole, type TeamContext, type TeamRole } from '@/lib/teams/roles';

// A team's management API tokens: `wpt_` + 32 random bytes (base64url), shown once; only the
// SHA-256 is stored (the token is random enough that a fast hash cannot be searched). A request
// with one acts as the admin who made it, with the lesser of the token's role and that
// person's role now: demoting or removing them narrows or ends their tokens at once.


const PREFIX = 'wpt_';
/** `wpt_` + 43 base64url characters (32 bytes). */
const TOKEN_SHAPE = /^wpt_[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest();

export function generateApiToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export interface ApiTokenInput {
  name: string;
  role: ApiTokenRole;
  /** null: never expires. */
  expiresAt: Date | null;
}

/** A new token for ctx's team; the token itself is returned here and never again. */
export async function createApiToken({ ctx, input }: { ctx: TeamContext; input: ApiTokenInput }): Promise<{ id: string; token: string }> {
  requireRole(ctx, PERMISSIONS.manageApiTokens);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    const message = 'The expiry must be in the future.';
    throw new AppError('INVALID_INPUT', message, { details: [{ field: 'expiresAt', message }] });
  }
  const token = generateApiToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ teamId: ctx.teamId, name: input.name, role: input.role, tokenHash: hashOf(token), createdBy: ctx.userId, expiresAt: input.expiresAt })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, ctx, { action: 'created', kind: 'api_token', id: row!.id, label: `${input.name} (${input.role})` });
    return { id: row!.id, token };
  });
}

/** Revoke one of ctx's team's tokens: refused from the next request on. */
export async function revokeApiToken({ ctx, input }: { ctx: TeamContext; input: { id: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageApiTokens);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, input.id), eq(apiTokens.teamId, ctx.teamId), sql`${apiTokens.revokedAt} IS NULL`))
      .returning({ name: apiTokens.name });
    if (!row) throw new AppError('NOT_FOUND', 'That token does not exist or is already revoked.');
    await recordAudit(tx, ctx, { action: 'revoked', kind: 'api_token', id: input.id, label: row.name });
  });
}

/** The context a token acts in, or null for anything that is not a live token of a current member. */
export async function contextOfToken(token: string, ip: string | null): Promise<TeamContext | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      teamId: apiTokens.teamId,
      role: apiTokens.role,
      userId: teamMembers.userId,
      memberRole: teamMembers.role,
      // The team requires two-factor sign-in, and the token's maker has not set it up: no token of theirs works.
      blockedByPolicy: sql<boolean>`(SELECT t.require_two_factor FROM teams t WHERE t.id = ${apiTokens.teamId}) AND NOT ${hasSecondFactorSql(sql`${teamMembers.userId}`)}`,
      // The last use is written at most once a minute per token and address: a busy token would otherwise write on each request.
      lastUseCurrent: sql<boolean>`coalesce(${apiTokens.lastUsedAt} > now() - interval '1 minute' AND ${apiTokens.lastUsedIp} IS NOT DISTINCT FROM ${ip}::text, false)`,
    })
    .from(apiTokens)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, apiTokens.teamId), eq(teamMembers.userId, apiTokens.createdBy)))
    .where(
      and(
        eq(apiTokens.tokenHash, hashOf(token)),
        sql`${apiTokens.revokedAt} IS NULL`,
        sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > now())`,
      ),
    );
  if (!row) return null;
  if (row.blockedByPolicy) {
    throw new AppError('FORBIDDEN', 'This team requires two-factor sign-in, and the person who made this token has not set it up: they can on Settings → Security.');
  }
  if (!row.lastUseCurrent) await db.update(apiTokens).set({ lastUsedAt: sql`now()`, lastUsedIp: ip }).where(eq(apiTokens.id, row.id));
  const role = hasRole(row.memberRole as TeamRole, row.role as TeamRole) ? (row.role as TeamRole) : (row.memberRole as TeamRole);
  return { userId: row.userId, teamId: row.teamId, role, ip, token: { id: row.id, name: row.name } };
}

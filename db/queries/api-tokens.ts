import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { db } from '@/db';
import { apiTokens, users } from '@/db/schema';
import type { TeamRole } from '@/db/schema/teams';

export interface ApiTokenRow {
  id: string;
  name: string;
  role: TeamRole;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

/** A team's tokens, newest first (revoked ones included, marked); for its admins (the page checks). */
export async function listApiTokens(teamId: string): Promise<ApiTokenRow[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      createdBy: users.email,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedIp: apiTokens.lastUsedIp,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.teamId, teamId))
    .orderBy(desc(apiTokens.createdAt));
  return rows as ApiTokenRow[];
}


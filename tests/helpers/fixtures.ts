import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { teams, users } from '@/db/schema';
import { signUpSchema } from '@/lib/accounts/schemas';
import { type SessionContext, startSession } from '@/lib/accounts/sessions';
import { signUp } from '@/lib/accounts/sign-up';
import { AppError } from '@/lib/errors';
import type { PlanName } from '@/lib/plans';
import type { TeamContext } from '@/lib/teams/roles';

/**
 * A new user; returns the owner context that lib functions take. On the pro plan unless
 * asked: tests of other features should not trip over the free plan's limits, and the
 * plan tests ask for the plan they test.
 */
export async function createTestUser(label = 'user', { plan = 'pro' }: { plan?: PlanName } = {}): Promise<{ userId: string; email: string; teamId: string; ctx: TeamContext; session: SessionContext }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { id } = await signUp({ input: signUpSchema.parse({ email, password: 'a long test password' }) });
  if (plan !== 'free') await db.update(users).set({ plan }).where(eq(users.id, id));
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.personalUserId, id));
  const ctx: TeamContext = { userId: id, teamId: team!.id, role: 'owner' };
  personalTeams.set(id, ctx);
  // Signed in once, as the browser would be: a session row for what acts on "this session".
  const session = { userId: id, sessionId: await startSession(id, { ip: '198.51.100.1', userAgent: 'vitest' }) };
  return { userId: id, email, teamId: team!.id, ctx, session };
}

const personalTeams = new Map<string, TeamContext>();

/** The owner's context in the personal team of a user made by createTestUser. */
export function teamCtx(userId: string): TeamContext {
  const ctx = personalTeams.get(userId);
  if (!ctx) throw new Error(`${userId} was not made by createTestUser`);
  return ctx;
}

/** The personal team of a user made by createTestUser. */
export const teamOf = (userId: string): string => teamCtx(userId).teamId;

/** The AppError a piece of work is refused with (the test fails if it succeeds or throws something else). */
export async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

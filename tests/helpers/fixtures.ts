import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { users } from '@/db/schema';
import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';
import { AppError } from '@/lib/errors';
import type { PlanName } from '@/lib/plans';

/**
 * A new user; returns the owner context that lib functions take. On the pro plan unless
 * asked: tests of other features should not trip over the free plan's limits, and the
 * plan tests ask for the plan they test.
 */
export async function createTestUser(label = 'user', { plan = 'pro' }: { plan?: PlanName } = {}): Promise<{ userId: string; email: string }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { id } = await signUp({ input: signUpSchema.parse({ email, password: 'a long test password' }) });
  if (plan !== 'free') await db.update(users).set({ plan }).where(eq(users.id, id));
  return { userId: id, email };
}

/** The AppError a piece of work is refused with (the test fails if it succeeds or throws something else). */
export async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

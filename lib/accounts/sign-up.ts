import 'server-only';
import { db } from '@/db';
import { users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';

/** Create an account on the free plan. The e-mail is already trimmed and lower-cased. */
export async function signUp({ input }: { input: { email: string; password: string } }): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  const [created] = await db
    .insert(users)
    .values({ email: input.email, passwordHash, plan: 'free' })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (!created) {
    throw new AppError('CONFLICT', 'An account with this e-mail already exists. Sign in instead.', {
      details: [{ field: 'email', message: 'An account with this e-mail already exists. Sign in instead.' }],
    });
  }
  return created;
}

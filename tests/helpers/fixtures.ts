import { randomUUID } from 'node:crypto';
import { signUpSchema } from '@/lib/accounts/schemas';
import { signUp } from '@/lib/accounts/sign-up';

/** A new user; returns the owner context that lib functions take. */
export async function createTestUser(label = 'user'): Promise<{ userId: string; email: string }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const { id } = await signUp({ input: signUpSchema.parse({ email, password: 'a long test password' }) });
  return { userId: id, email };
}

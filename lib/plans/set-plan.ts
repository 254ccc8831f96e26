import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { COUNTED, isPlanName, PLAN_NAMES, PLANS } from './index';
import { changePlan } from './usage';

/**
 * The operator moves an account to another plan. Going down never deletes anything:
 * what is over the new limits keeps working, and new agents or monitors are refused.
 * Returns one line per limit the account is now over.
 */
export async function setPlanByEmail(input: { email: string; plan: string }): Promise<{ changed: boolean; over: string[] }> {
  const plan = input.plan.trim().toLowerCase();
  if (!isPlanName(plan)) throw new AppError('INVALID_INPUT', `Unknown plan "${input.plan}": choose ${PLAN_NAMES.join(' or ')}.`);
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw new AppError('NOT_FOUND', `No account has the e-mail ${email}.`);
    const { before, changed } = await changePlan(tx, { userId: user.id, plan });
    const over = COUNTED.filter((resource) => before[resource] > PLANS[plan][resource]).map(
      (resource) => `${before[resource]} ${resource}, over the ${plan} plan's ${PLANS[plan][resource]}: they keep working, new ones are refused.`,
    );
    return { changed, over };
  });
}

import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db';
import { teamMembers, users } from '@/db/schema';
import { recordOperatorAudit } from '@/lib/audit/record';
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
    if (changed) {
      // Every team this person owns moves with the plan: each one's audit log says so.
      const owned = await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.userId, user.id), eq(teamMembers.role, 'owner')));
      await recordOperatorAudit(tx, owned.map((row) => row.teamId), { action: 'plan_changed', kind: 'plan', id: user.id, label: `${email}: ${before.plan} → ${plan}`, fields: ['plan'] });
    }
    const over = COUNTED.filter((resource) => before[resource] > PLANS[plan][resource]).map(
      (resource) => `${before[resource]} ${resource}, over the ${plan} plan's ${PLANS[plan][resource]}: they keep working, new ones are refused.`,
    );
    return { changed, over };
  });
}

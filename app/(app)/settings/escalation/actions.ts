'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { teamAction } from '@/lib/actions/safe-action';
import { createPolicy, deletePolicy, updatePolicy } from '@/lib/escalation/manage';
import { deletePolicySchema, policyFormSchema, updatePolicyFormSchema } from '@/lib/escalation/schemas';

export const createPolicyAction = teamAction(policyFormSchema, async (input, { ctx }) => {
  const { id } = await createPolicy({ ctx, input });
  revalidatePath('/settings/escalation');
  return { ok: true, data: { policyId: id, name: input.name } };
});

export const updatePolicyAction = teamAction(updatePolicyFormSchema, async (input, { ctx }) => {
  await updatePolicy({ ctx, input });
  revalidatePath('/settings/escalation', 'layout');
  return { ok: true, data: { policyId: input.policyId, name: input.name } };
});

export const deletePolicyAction = teamAction(deletePolicySchema, async (input, { ctx }) => {
  await deletePolicy({ ctx, input });
  revalidatePath('/', 'layout');
  redirect('/settings/escalation?notice=deleted');
});

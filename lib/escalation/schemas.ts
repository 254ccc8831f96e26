import { z } from 'zod';
import { checkedIds } from '@/lib/checked-ids';
import { isUuid } from '@/lib/ids';
import { MAX_STEPS, WAIT_LIMIT_MINUTES } from './limits';

// The escalation policy form, as posted: a name, how many times to repeat, and per step i
// `step-<i>-wait` (minutes), `step-<i>-channel:<id>` checkboxes and `step-<i>-responders`.
// The API sends the same as JSON (lib/contracts/api.ts) and goes through policySchema.


const WAIT_MESSAGE = `Wait 1 to ${WAIT_LIMIT_MINUTES.toLocaleString('en-US')} minutes (a day) for an acknowledgement before the next step.`;

export const stepSchema = z
  .object({
    waitMinutes: z.coerce.number({ error: WAIT_MESSAGE }).int(WAIT_MESSAGE).min(1, WAIT_MESSAGE).max(WAIT_LIMIT_MINUTES, WAIT_MESSAGE),
    channelIds: z.array(z.uuid()).max(50).default([]),
    notifyResponders: z.boolean().default(false),
  })
  .refine((step) => step.channelIds.length > 0 || step.notifyResponders, { message: 'Choose who this step notifies: a channel, or the team’s responders by e-mail.', path: ['channelIds'] });

export const policySchema = z.object({
  name: z.string({ error: 'Give the policy a name.' }).trim().min(1, 'Give the policy a name.').max(100, 'At most 100 characters.'),
  repeatCount: z.coerce.number({ error: 'Repeat 0 to 9 times.' }).int('Repeat 0 to 9 times.').min(0, 'Repeat 0 to 9 times.').max(9, 'Repeat 0 to 9 times.').default(0),
  steps: z.array(stepSchema).min(1, 'A policy needs at least one step.').max(MAX_STEPS, `At most ${MAX_STEPS} steps.`),
});
export type PolicyInput = z.output<typeof policySchema>;

/** The flat form fields as the policy they describe (steps in order of their index). */
export function policyOfForm(form: Record<string, unknown>): unknown {
  const indexes = [...new Set(Object.keys(form).flatMap((key) => /^step-(\d+)-/.exec(key)?.[1] ?? []).map(Number))].sort((a, b) => a - b);
  return {
    name: form.name,
    repeatCount: form.repeatCount === '' || form.repeatCount === undefined ? 0 : form.repeatCount,
    steps: indexes.map((i) => ({
      waitMinutes: form[`step-${i}-wait`],
      channelIds: checkedIds(form, `step-${i}-channel`).filter(isUuid),
      notifyResponders: form[`step-${i}-responders`] === 'on',
    })),
  };
}

/** The form's problems under the names of its fields (steps.1.waitMinutes → step-1-wait). */
export function formFieldOf(path: readonly PropertyKey[]): string {
  if (path[0] === 'steps' && typeof path[1] === 'number') return `step-${path[1]}-${path[2] === 'waitMinutes' ? 'wait' : 'targets'}`;
  return String(path[0] ?? '');
}


export const policyRefSchema = z.object({ policyId: z.uuid({ error: 'That escalation policy does not exist.' }) });

/** The form, as the policy it describes; each problem under its form field. */
export const policyFormSchema = z.looseObject({}).transform((form, ctx) => {
  const parsed = policySchema.safeParse(policyOfForm(form));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [formFieldOf(issue.path)], message: issue.message });
  return z.NEVER;
});
export const updatePolicyFormSchema = policyRefSchema.and(policyFormSchema);
export const deletePolicySchema = policyRefSchema.extend({ confirm: z.literal('on', { error: 'Tick the box to confirm.' }) });

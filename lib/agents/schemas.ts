import { z } from 'zod';

export const agentNameSchema = z
  .string({ error: 'Give the agent a name.' })
  .trim()
  .min(1, 'Give the agent a name.')
  .max(100, 'Agent names can be at most 100 characters.');

const agentId = z.uuid({ error: 'That agent does not exist.' });

export const createAgentSchema = z.object({
  name: agentNameSchema,
  kind: z.enum(['remote', 'builtin'], { error: 'Choose where the checks run.' }).default('remote'),
});
export const renameAgentSchema = z.object({ agentId, name: agentNameSchema });
export const agentRefSchema = z.object({ agentId });
export const deleteAgentSchema = z.object({
  agentId,
  confirm: z.literal('on', { error: 'Tick the box to confirm.' }),
});

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { teamAction } from '@/lib/actions/safe-action';
import { createAgent, deleteAgent, renameAgent, rotateAgentKey } from '@/lib/agents/manage';
import { agentRefSchema, createAgentSchema, deleteAgentSchema, renameAgentSchema } from '@/lib/agents/schemas';

export const createAgentAction = teamAction(createAgentSchema, async (input, { ctx }) => {
  const agent = await createAgent({ ctx, input });
  // Usage changed: every page's shell (the usage notice) must follow, not only the list.
  revalidatePath('/', 'layout');
  // The token leaves the server this once, to be shown to its owner.
  return { ok: true, data: { agentId: agent.id, name: input.name, token: agent.token } };
});

export const renameAgentAction = teamAction(renameAgentSchema, async (input, { ctx }) => {
  await renameAgent({ ctx, input });
  revalidatePath(`/agents/${input.agentId}`);
  return { ok: true, data: { name: input.name } };
});

export const rotateAgentKeyAction = teamAction(agentRefSchema, async (input, { ctx }) => {
  const token = await rotateAgentKey({ ctx, input });
  return { ok: true, data: { token } };
});

export const deleteAgentAction = teamAction(deleteAgentSchema, async (input, { ctx }) => {
  await deleteAgent({ ctx, input });
  revalidatePath('/', 'layout');
  redirect('/agents');
});

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { authedAction } from '@/lib/actions/safe-action';
import { createAgent, deleteAgent, renameAgent, rotateAgentKey } from '@/lib/agents/manage';
import { agentRefSchema, createAgentSchema, deleteAgentSchema, renameAgentSchema } from '@/lib/agents/schemas';

export const createAgentAction = authedAction(createAgentSchema, async (input, { user }) => {
  const agent = await createAgent({ ctx: { userId: user.id }, input });
  // Usage changed: every page's shell (the usage notice) must follow, not only the list.
  revalidatePath('/', 'layout');
  // The token leaves the server this once, to be shown to its owner.
  return { ok: true, data: { agentId: agent.id, name: input.name, token: agent.token } };
});

export const renameAgentAction = authedAction(renameAgentSchema, async (input, { user }) => {
  await renameAgent({ ctx: { userId: user.id }, input });
  revalidatePath(`/agents/${input.agentId}`);
  return { ok: true, data: { name: input.name } };
});

export const rotateAgentKeyAction = authedAction(agentRefSchema, async (input, { user }) => {
  const token = await rotateAgentKey({ ctx: { userId: user.id }, input });
  return { ok: true, data: { token } };
});

export const deleteAgentAction = authedAction(deleteAgentSchema, async (input, { user }) => {
  await deleteAgent({ ctx: { userId: user.id }, input });
  revalidatePath('/', 'layout');
  redirect('/agents');
});

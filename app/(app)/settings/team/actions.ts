'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authedAction, teamAction } from '@/lib/actions/safe-action';
import { TEAM_COOKIE } from '@/lib/auth/session';
import { publicServerUrl } from '@/lib/server-url';
import { inviteMember, revokeInvitation } from '@/lib/teams/invitations';
import { changeRole, createTeam, deleteTeam, leaveTeam, removeMember, renameTeam, setTwoFactorPolicy, transferOwnership } from '@/lib/teams/manage';
import { changeRoleSchema, deleteTeamSchema, invitationRefSchema, inviteMemberSchema, memberRefSchema, teamNameSchema, teamSettingsSchema } from '@/lib/teams/schemas';
import { teamCookieOptions } from '@/lib/teams/switching';

const TEAM_PAGE = '/settings/team';

/** Every page's shell names the team: a rename or a change of members shows everywhere. */
const refresh = () => revalidatePath('/', 'layout');

export const createTeamAction = authedAction(teamNameSchema, async (input, { user }) => {
  const team = await createTeam({ userId: user.id, input });
  (await cookies()).set(TEAM_COOKIE, team.id, teamCookieOptions());
  redirect(TEAM_PAGE);
});

export const renameTeamAction = teamAction(teamSettingsSchema, async (input, { ctx }) => {
  await renameTeam({ ctx, input });
  refresh();
  return { ok: true, data: undefined };
});

export const inviteMemberAction = teamAction(inviteMemberSchema, async (input, { ctx }) => {
  const sent = await inviteMember({ ctx, input, baseUrl: await publicServerUrl() });
  revalidatePath(TEAM_PAGE);
  return { ok: true, data: sent };
});

export const revokeInvitationAction = teamAction(invitationRefSchema, async (input, { ctx }) => {
  await revokeInvitation({ ctx, input });
  revalidatePath(TEAM_PAGE);
  return { ok: true, data: undefined };
});

export const changeRoleAction = teamAction(changeRoleSchema, async (input, { ctx }) => {
  await changeRole({ ctx, input });
  revalidatePath(TEAM_PAGE);
  return { ok: true, data: undefined };
});

export const removeMemberAction = teamAction(memberRefSchema, async (input, { ctx }) => {
  await removeMember({ ctx, input });
  revalidatePath(TEAM_PAGE);
  return { ok: true, data: undefined };
});

export const transferOwnershipAction = teamAction(memberRefSchema, async (input, { ctx }) => {
  await transferOwnership({ ctx, input });
  refresh();
  return { ok: true, data: undefined };
});

export const leaveTeamAction = teamAction(z.object({}), async (_input, { ctx }) => {
  await leaveTeam({ ctx });
  (await cookies()).delete(TEAM_COOKIE);
  redirect('/dashboard');
});

export const deleteTeamAction = teamAction(deleteTeamSchema, async (input, { ctx }) => {
  await deleteTeam({ ctx, input });
  (await cookies()).delete(TEAM_COOKIE);
  redirect('/dashboard');
});

export const setTwoFactorPolicyAction = teamAction(z.object({ required: z.enum(['on', 'off']) }), async (input, { ctx }) => {
  await setTwoFactorPolicy({ ctx, input: { required: input.required === 'on' } });
  revalidatePath(TEAM_PAGE);
  return { ok: true, data: undefined };
});

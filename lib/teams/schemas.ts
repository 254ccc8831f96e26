import { timeZoneSchema } from '@/lib/status-pages/schemas';
import { z } from 'zod';
import { emailSchema } from '@/lib/auth/email';
import { ASSIGNABLE_ROLES } from './roles';

const uuid = z.uuid({ error: 'Choose a member of this team.' });

export const teamNameSchema = z.object({
  name: z.string({ error: 'Give the team a name.' }).trim().min(1, 'Give the team a name.').max(100, 'Team names can be at most 100 characters.'),
});
/** Settings → Team: the name and the team's time zone. */
export const teamSettingsSchema = teamNameSchema.extend({ timeZone: timeZoneSchema });
const role = z.enum(ASSIGNABLE_ROLES, { error: 'Choose a role: viewer, responder, editor or admin.' });
export const inviteMemberSchema = z.object({ email: emailSchema, role });
export const changeRoleSchema = z.object({ userId: uuid, role });
export const memberRefSchema = z.object({ userId: uuid });
export const invitationRefSchema = z.object({ invitationId: z.uuid({ error: 'That invitation is not pending.' }) });
export const deleteTeamSchema = z.object({ confirmName: z.string().max(300).default('') });

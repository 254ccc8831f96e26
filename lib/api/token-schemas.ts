import { z } from 'zod';
import { API_TOKEN_ROLES } from '@/lib/teams/roles';

// The API token form: name, role, optional expiry (a date; the token works until the end of that day, UTC).

export const createApiTokenSchema = z.object({
  name: z.string({ error: 'Give the token a name.' }).trim().min(1, 'Give the token a name.').max(100, 'At most 100 characters.'),
  role: z.enum(API_TOKEN_ROLES, { error: 'Choose a role.' }),
  expires: z.preprocess(
    (value) => (value === '' || value === null ? undefined : value),
    z.iso.date({ error: 'Pick a date, or leave it empty for a token that does not expire.' }).optional(),
  ),
});

export const apiTokenRefSchema = z.object({ tokenId: z.uuid({ error: 'That token does not exist.' }) });

/** The end of the chosen day (UTC), or null. */
export function expiryOf(date: string | undefined): Date | null {
  return date ? new Date(`${date}T23:59:59.999Z`) : null;
}

import type { TeamRole } from '@/db/schema/teams';

/** The roles an API token may have: the team roles below admin (a token never manages members or tokens). */
export const API_TOKEN_ROLES = ['viewer', 'responder', 'editor'] as const satisfies readonly TeamRole[];
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];

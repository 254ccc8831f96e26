import type { TeamRole } from '@/db/schema/teams';
import { AppError } from '@/lib/errors';

// Who may do what in a team. Roles are ordered: each may do everything the ones below it
// may (viewer < responder < editor < admin < owner). One pure module, used by the action
// wrapper, the route-handler guard and the pages that disable controls.

export type { TeamRole };

const RANK: Record<TeamRole, number> = { viewer: 0, responder: 1, editor: 2, admin: 3, owner: 4 };

/** The person, the team they act in, and their role there: resolved once per request. */
export interface TeamContext {
  userId: string;
  teamId: string;
  role: TeamRole;
  /** The client's IP, for the audit log (null outside a request: tests, scripts). */
  ip?: string | null;
  /** Set when an API token acts (as its creator, with its role): the audit log names the token. */
  token?: { id: string; name: string };
}

export function hasRole(role: TeamRole, least: TeamRole): boolean {
  return RANK[role] >= RANK[least];
}

const WHO: Record<TeamRole, string> = {
  viewer: 'members',
  responder: 'responders',
  editor: 'editors',
  admin: 'admins',
  owner: 'the owner',
};

/** "Only editors can add monitors." — the reason a control is disabled, and the 403's message. */
export function roleReason(least: TeamRole, doing: string): string {
  return `Only ${WHO[least]} can ${doing}.`;
}

export interface Permission {
  least: TeamRole;
  /** What it allows, as in "Only editors can …". */
  doing: string;
}

/** Every write a member can make, and the least role that may. */
export const PERMISSIONS = {
  manageAgents: { least: 'editor', doing: 'add, change or delete agents' },
  manageMonitors: { least: 'editor', doing: 'add, change or delete monitors' },
  manageChannels: { least: 'editor', doing: 'add, change or delete notification channels' },
  manageStatusPages: { least: 'editor', doing: 'add, change or delete status pages' },
  manageMaintenance: { least: 'editor', doing: 'plan, change or delete maintenance' },
  manageSlos: { least: 'editor', doing: 'add, change or delete SLOs and scheduled reports' },
  respondToIncidents: { least: 'responder', doing: 'acknowledge or resolve incidents' },
  postUpdates: { least: 'responder', doing: 'post status page updates' },
  runMaintenance: { least: 'responder', doing: 'end or extend maintenance' },
  manageMembers: { least: 'admin', doing: 'invite or remove members and change their roles' },
  readAuditLog: { least: 'admin', doing: 'read the audit log' },
  manageApiTokens: { least: 'admin', doing: 'create or revoke API tokens' },
  manageTeam: { least: 'owner', doing: 'rename, delete or hand over the team' },
} as const satisfies Record<string, Permission>;

/** Null when `role` may; else the reason it may not (a disabled control's description). */
export function refusal(role: TeamRole, permission: Permission): string | null {
  return hasRole(role, permission.least) ? null : roleReason(permission.least, permission.doing);
}

/** Throw FORBIDDEN unless ctx's role may. */
export function requireRole(ctx: TeamContext, permission: Permission): void {
  const reason = refusal(ctx.role, permission);
  if (reason) throw new AppError('FORBIDDEN', reason);
}

export const ROLE_LABELS: Record<TeamRole, string> = {
  viewer: 'Viewer',
  responder: 'Responder',
  editor: 'Editor',
  admin: 'Admin',
  owner: 'Owner',
};

/** The roles an invitation or a role change may give (ownership is handed over, never given). */
export const ASSIGNABLE_ROLES = ['viewer', 'responder', 'editor', 'admin'] as const satisfies readonly TeamRole[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** The roles an API token may have: those below admin (a token never manages members or tokens). */
export const API_TOKEN_ROLES = ['viewer', 'responder', 'editor'] as const satisfies readonly TeamRole[];
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];

import * as agentsManage from '@/lib/agents/manage';
import * as escalationManage from '@/lib/escalation/manage';
import * as reportSchedules from '@/lib/reports/schedules';
import * as sloManage from '@/lib/slo/manage';
import * as apiTokensManage from '@/lib/api/tokens';
import * as incidentsManage from '@/lib/incidents/manage';
import * as maintenanceManage from '@/lib/maintenance/manage';
import * as monitorsManage from '@/lib/monitors/manage';
import * as notificationsManage from '@/lib/notifications/manage';
import * as statusPagesManage from '@/lib/status-pages/manage';
import * as postsManage from '@/lib/status-pages/posts';
import * as invitationsManage from '@/lib/teams/invitations';
import * as teamsManage from '@/lib/teams/manage';
import type { TeamContext } from '@/lib/teams/roles';

// Every write a member can make is a lib function taking one `{ ctx, input }` argument.
// Listed from the modules themselves, so a new one without a role check or an audit
// record fails the tests that use this list.
const WRITE_MODULES = {
  agentsManage,
  apiTokensManage,
  monitorsManage,
  incidentsManage,
  notificationsManage,
  escalationManage,
  statusPagesManage,
  postsManage,
  maintenanceManage,
  invitationsManage,
  teamsManage,
  sloManage,
  reportSchedules,
};
// Open to every member (or to anyone signed in): nothing to refuse a viewer.
export const OPEN_TO_EVERY_MEMBER = new Set(['createTeam', 'leaveTeam', 'acceptTeamInvitation', 'lookUpTeamInvitation']);

type Write = (args: { ctx: TeamContext; input: unknown; baseUrl?: string }) => Promise<unknown>;

export function writeFunctions({ includeOpen = false } = {}): [string, Write][] {
  return Object.values(WRITE_MODULES).flatMap((module) =>
    Object.entries(module).filter(
      (entry): entry is [string, Write] => typeof entry[1] === 'function' && entry[1].length === 1 && (includeOpen || !OPEN_TO_EVERY_MEMBER.has(entry[0])),
    ),
  );
}

import { teamMembersOf } from '@/db/queries/teams';
import { apiRoute } from '@/lib/api/handler';
import { isoTime, onePage } from '@/lib/api/pages';

export const dynamic = 'force-dynamic';

// GET /api/v1/members — the team's members and their roles (one page: the owner first)
export const GET = apiRoute(async ({ ctx }) => {
  const members = await teamMembersOf(ctx.teamId);
  return onePage(members.map((member) => ({ userId: member.userId, email: member.email, role: member.role, joinedAt: isoTime(member.joinedAt) })));
});

import { teamMembersOf } from '@/db/queries/teams';
import { apiRoute } from '@/lib/api/handler';

export const dynamic = 'force-dynamic';

// GET /api/v1/members — the team's members and their roles (one page: the owner first)
export const GET = apiRoute(async ({ ctx }) => {
  const members = await teamMembersOf(ctx.teamId);
  return Response.json({ data: members.map((member) => ({ userId: member.userId, email: member.email, role: member.role, joinedAt: member.joinedAt.toISOString() })), next: null });
});

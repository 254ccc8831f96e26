import { cookies } from 'next/headers';
import { isMember } from '@/db/queries/teams';
import { getCurrentUser, TEAM_COOKIE } from '@/lib/auth/session';
import { safeNextPath } from '@/lib/auth/redirect';
import { isUuid } from '@/lib/ids';
import { sameOriginRedirect, teamCookieOptions } from '@/lib/teams/switching';

// GET /teams/switch?team=<id>&next=<path> — work in another of one's own teams, then go to `next`
// (a link to a page of another team the person belongs to lands here instead of a 404).
// It only changes which of the person's own teams they look at; a team they are not in is 404.
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const teamId = url.searchParams.get('team') ?? '';
  const user = await getCurrentUser();
  if (!user) return sameOriginRedirect(`/login?${new URLSearchParams({ next: `${url.pathname}${url.search}` })}`);
  if (!isUuid(teamId) || !(await isMember(user.id, teamId))) return new Response('Not found', { status: 404 });
  (await cookies()).set(TEAM_COOKIE, teamId, teamCookieOptions());
  return sameOriginRedirect(safeNextPath(url.searchParams.get('next')));
}

import 'server-only';
import { redirect } from 'next/navigation';
import { memberTeamOf, type OwnedKind } from '@/db/queries/teams';
import { getCurrentTeam } from '@/lib/auth/session';
import { isUuid } from '@/lib/ids';

/** The team cookie: which of their teams a person works in (not a secret; checked against membership on every request). */
export function teamCookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', maxAge: 400 * 86_400 };
}

/** A redirect to a path of this site (relative Location: the browser resolves it against the address it used). */
export function sameOriginRedirect(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path } });
}

/**
 * A page found no `kind` `id` in the current team: if it is in another team the person
 * belongs to, switch to that team and come back to `path`; otherwise (a stranger's, or
 * none at all: the same answer) this returns and the page answers 404.
 */
export async function switchToTeamOf(kind: OwnedKind, id: string, path: string): Promise<void> {
  const current = await getCurrentTeam();
  if (!current || !isUuid(id)) return;
  const teamId = await memberTeamOf(current.user.id, kind, id);
  if (teamId && teamId !== current.ctx.teamId) redirect(`/teams/switch?${new URLSearchParams({ team: teamId, next: path })}`);
}

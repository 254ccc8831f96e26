import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { membershipsOf, type Membership } from '@/db/queries/teams';
import { findSessionUser, type SessionUser } from '@/db/queries/users';
import { touchSession } from '@/lib/accounts/sessions';
import { hasSecondFactor } from '@/lib/accounts/two-factor';
import { auth } from './index';
import { loginPath, REQUEST_PATH_HEADER } from './redirect';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { knownClientIp } from '@/lib/request';
import type { TeamContext } from '@/lib/teams/roles';

/**
 * The signed-in user, checked against the database on every request: a deleted user, an
 * ended session (signed out here or from Settings → Sessions, or by a change of password or
 * sign-in factor) or one from before "sign out everywhere" is no session.
 */
export interface CurrentUser extends SessionUser {
  sessionId: string;
}

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const { sessionVersion, sessionId } = session ?? {};
  if (!isUuid(userId) || typeof sessionVersion !== 'number' || !isUuid(sessionId)) return null;
  const found = await findSessionUser(userId, sessionVersion, sessionId);
  if (!found) return null;
  const { seenDue, ...user } = found;
  if (seenDue) {
    await touchSession(sessionId, knownClientIp(await headers()));
  }
  return { ...user, sessionId };
});

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
  return user;
}

/** The cookie that remembers which of their teams a person works in. */
export const TEAM_COOKIE = 'watchpost-team';

export interface CurrentTeam {
  user: CurrentUser;
  ctx: TeamContext;
  team: Membership;
  /** Every team the person belongs to, for the switcher. */
  teams: Membership[];
}

/**
 * The signed-in person in the team they work in: the team the cookie names if they still
 * belong to it (a removed member is out at their next request), else their personal team.
 * Read from the database on every request, once.
 */
export const getCurrentTeam = cache(async (): Promise<CurrentTeam | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const teams = await membershipsOf(user.id);
  const wanted = (await cookies()).get(TEAM_COOKIE)?.value;
  const team = teams.find((candidate) => candidate.teamId === wanted) ?? teams.find((candidate) => candidate.personal) ?? teams[0];
  if (!team) return null;
  return { user, team, teams, ctx: { userId: user.id, teamId: team.teamId, role: team.role, ip: knownClientIp(await headers()) } };
});

/**
 * The signed-in person's team context; a redirect to the login page without a session, and
 * to Settings → Security while the team requires two-factor sign-in they have not set up
 * (every team page and action comes through here, so none of the team's data is reached).
 */
export async function requireTeam(options: { shell?: boolean } = {}): Promise<CurrentTeam> {
  const current = await getCurrentTeam();
  if (!current) redirect(loginPath((await headers()).get(REQUEST_PATH_HEADER)));
  // The app's shell (header, team switcher) shows no team data: it renders around Settings → Security too.
  if (!options.shell && (await twoFactorPolicyUnmet(current))) redirect('/settings/security?required=team');
  return current;
}

/** The team requires two-factor sign-in and this person has not set it up. */
export async function twoFactorPolicyUnmet(current: CurrentTeam): Promise<boolean> {
  return current.team.requireTwoFactor && !(await hasSecondFactor(current.user.id));
}

/** requireTeam for route handlers: an AppError (401 without a session, 403 while the team's two-factor policy is unmet) instead of a redirect. */
export async function requireTeamForRoute(doing: string): Promise<CurrentTeam> {
  const current = await getCurrentTeam();
  if (!current) throw new AppError('UNAUTHORIZED', `Sign in to ${doing}.`);
  if (await twoFactorPolicyUnmet(current)) throw new AppError('FORBIDDEN', 'This team requires two-factor sign-in: set it up on Settings → Security first.');
  return current;
}

import 'server-only';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { findUserAtVersion } from '@/db/queries/users';
import { hasSecondFactor } from '@/lib/accounts/two-factor';
import { type LoginResult, verifyLogin, verifySecondStep } from '@/lib/accounts/verify-login';
import { clientIpFrom } from '@/lib/request';
import { authConfig, LoginRefused, SecondFactorNeeded } from './config';
import { openTicket, signTicket } from './tickets';

/** How long the half-signed-in marker lasts: the time to type a code. */
export const SECOND_STEP_SECONDS = 5 * 60;

const refused = (result: Exclude<LoginResult, { ok: true }>) => new LoginRefused(result.reason, result.reason === 'throttled' ? result.retryAfterSeconds : 0);

export const { auth, signIn, signOut, handlers } = NextAuth(() => {
  const config = authConfig();
  return {
    ...config,
    providers: [
      // One provider, three ways in: e-mail and password (then, for a person with a second
      // factor, not a session but SecondFactorNeeded with the marker); the marker and a code
      // (the second step); or a ticket the server made for its own re-sign-in (lib/auth/tickets.ts).
      Credentials({
        credentials: { email: {}, password: {}, marker: {}, code: {}, ticket: {} },
        async authorize(credentials, request) {
          const ip = clientIpFrom(request.headers);
          if (credentials.ticket !== undefined) {
            const ticket = openTicket('session', credentials.ticket);
            const user = ticket ? await findUserAtVersion(ticket.u, ticket.v) : null;
            if (!user) throw new LoginRefused('expired');
            return { id: user.id, email: user.email, sessionVersion: user.sessionVersion };
          }
          if (credentials.marker !== undefined) {
            const result = await verifySecondStep({ marker: credentials.marker, code: credentials.code, ip });
            if (!result.ok) throw refused(result);
            return { id: result.user.id, email: result.user.email, sessionVersion: result.user.sessionVersion };
          }
          const result = await verifyLogin({ email: credentials.email, password: credentials.password, ip });
          if (!result.ok) throw refused(result);
          if (await hasSecondFactor(result.user.id)) {
            throw new SecondFactorNeeded(signTicket('second-factor', { u: result.user.id, v: result.user.sessionVersion }, SECOND_STEP_SECONDS));
          }
          return { id: result.user.id, email: result.user.email, sessionVersion: result.user.sessionVersion };
        },
      }),
    ],
  };
});

/**
 * Sign `user` in from inside a server action that has already proved who they are (a passkey,
 * a password change that ended every session): a one-minute ticket made and used here, never
 * sent out. Redirects (throws) to `redirectTo`.
 */
export async function signInAs(user: { id: string; sessionVersion: number }, redirectTo: string): Promise<never> {
  await signIn('credentials', { ticket: signTicket('session', { u: user.id, v: user.sessionVersion }, 60), redirectTo });
  throw new Error('signIn did not redirect.');
}

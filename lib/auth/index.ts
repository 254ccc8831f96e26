import 'server-only';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { OIDCConfig } from 'next-auth/providers';
import { findUserAtVersion } from '@/db/queries/users';
import { headers } from 'next/headers';
import { startSession } from '@/lib/accounts/sessions';
import { resolveSsoUser, SSO_PROVIDER_ID, type SsoClaims } from '@/lib/accounts/sso';
import { hasSecondFactor } from '@/lib/accounts/two-factor';
import { getEnv, type ServerEnv } from '@/lib/env';
import { type LoginResult, verifyLogin, verifySecondStep } from '@/lib/accounts/verify-login';
import { clientIpFrom, knownClientIp } from '@/lib/request';
import { authConfig, LoginRefused, SecondFactorNeeded } from './config';
import { openTicket, signTicket } from './tickets';

/** How long the half-signed-in marker lasts: the time to type a code. */
export const SECOND_STEP_SECONDS = 5 * 60;

const refused = (result: Exclude<LoginResult, { ok: true }>) => new LoginRefused(result.reason, result.reason === 'throttled' ? result.retryAfterSeconds : 0);

export const { auth, signIn, signOut, handlers } = NextAuth(() => {
  const config = authConfig();
  const env = getEnv();
  return {
    ...config,
    callbacks: {
      ...config.callbacks,
      // Single sign-on's refusals (lib/accounts/sso.ts) go back to the login page, which says why.
      signIn({ user }) {
        return user.ssoRefused ? `/login?error=sso_${user.ssoRefused}` : true;
      },
      // Every sign-in, whichever way in, starts a session row (Settings → Sessions lists it).
      async jwt(params) {
        const { user } = params;
        if (user?.id) {
          // Single sign-on's profile() names the account in `userId`: Auth.js gives `id` a random value.
          if (user.userId) user.id = user.userId;
          user.sessionId = await startSession(user.id, await seenFrom());
        }
        return config.callbacks!.jwt!(params);
      },
    },
    providers: [
      ...(env.WATCHPOST_OIDC_ISSUER ? [singleSignOn(env)] : []),
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
          if (!env.WATCHPOST_PASSWORD_LOGIN) throw new LoginRefused('password_off');
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
 * Single sign-on (docs/teams.md): OpenID Connect's authorization code flow with PKCE, state
 * and nonce; Auth.js checks the ID token's signature, issuer, audience, expiry and nonce, and
 * lib/accounts/sso.ts maps its claims to the account (or to a refusal, for the signIn callback).
 */
function singleSignOn(env: ServerEnv): OIDCConfig<SsoClaims & Record<string, unknown>> {
  return {
    id: SSO_PROVIDER_ID,
    name: env.WATCHPOST_OIDC_NAME,
    type: 'oidc',
    issuer: env.WATCHPOST_OIDC_ISSUER,
    clientId: env.WATCHPOST_OIDC_CLIENT_ID,
    clientSecret: env.WATCHPOST_OIDC_CLIENT_SECRET,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email profile' } },
    async profile(claims) {
      const result = await resolveSsoUser(claims);
      return result.ok ? { userId: result.user.id, email: result.user.email, sessionVersion: result.user.sessionVersion } : { ssoRefused: result.reason };
    },
  };
}

/** Where a sign-in comes from, for the sessions list. */
async function seenFrom() {
  const request = await headers();
  return { ip: knownClientIp(request), userAgent: request.get('user-agent') };
}

/**
 * Sign `user` in from inside a server action that has already proved who they are (a passkey,
 * a password change that ended every session): a one-minute ticket made and used here, never
 * sent out. Redirects (throws) to `redirectTo`.
 */
export async function signInAs(user: { id: string; sessionVersion: number }, redirectTo: string): Promise<never> {
  await signIn('credentials', { ticket: signTicket('session', { u: user.id, v: user.sessionVersion }, 60), redirectTo });
  throw new Error('signIn did not redirect.');
}

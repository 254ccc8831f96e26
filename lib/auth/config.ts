import type { NextAuthConfig } from 'next-auth';
import { CredentialsSignin } from 'next-auth';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/observability/log';

// The part of the Auth.js configuration that needs no database: the proxy uses it to
// read and roll the session cookie; lib/auth/index.ts adds the Credentials provider.

declare module 'next-auth' {
  interface Session {
    sessionVersion: number;
    sessionId: string;
  }
  interface User {
    sessionVersion?: number;
    /** The user_sessions row lib/auth/index.ts started for this sign-in. */
    sessionId?: string;
    /** The account single sign-on signs in to (Auth.js sets `id` to a random value for providers' users). */
    userId?: string;
    /** Single sign-on found no account to sign in to (lib/accounts/sso.ts). */
    ssoRefused?: 'unverified' | 'not_allowed';
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    /** users.session_version when this session was signed in */
    sv?: number;
    /** when this session was signed in (epoch seconds): the absolute lifetime counts from here */
    authTime?: number;
    /** this session's row in user_sessions: the session lasts while the row has not ended */
    sid?: string;
  }
}

/** A refused sign-in; `code` tells the form what to say. Never says which part was wrong. */
export class LoginRefused extends CredentialsSignin {
  constructor(
    readonly reason: 'invalid' | 'throttled' | 'expired' | 'password_off',
    readonly retryAfterSeconds = 0,
  ) {
    super(reason);
    this.code = reason;
  }
}

/** The password was right and the person has a second factor: the half-signed-in marker to ask for it with. */
export class SecondFactorNeeded extends CredentialsSignin {
  constructor(readonly marker: string) {
    super('second_factor');
    this.code = 'second_factor';
  }
}

export function authConfig(): NextAuthConfig {
  const env = getEnv();
  const absoluteSeconds = env.AUTH_SESSION_MAX_AGE_DAYS * 24 * 3600;
  return {
    secret: env.AUTH_SECRET,
    // Self-hosted behind whatever host name the operator picks.
    trustHost: true,
    providers: [],
    // Refusals and errors of sign-in (single sign-on's too) land on the login page, which says what happened.
    pages: { signIn: '/login', error: '/login' },
    // The cookie (and JWT) expire after the idle time; every visit through the proxy rolls it on.
    session: { strategy: 'jwt', maxAge: env.AUTH_SESSION_IDLE_DAYS * 24 * 3600, updateAge: 0 },
    logger: {
      // A refused sign-in is an answer, not a server error.
      error: (error) => {
        if (error instanceof LoginRefused || error instanceof SecondFactorNeeded || (error as { type?: string }).type === 'CredentialsSignin') return;
        // A single sign-on answer that failed its checks (state, nonce, issuer, audience, expiry): refused, and worth a look.
        // Auth.js wraps what went wrong (the token endpoint's answer, a check that failed) as `cause.err`.
        const detail = (error as { cause?: { err?: unknown } }).cause?.err ?? error;
        // Single sign-on that failed at the provider's answer (a check: state, PKCE, nonce, the
        // ID token's issuer, audience, expiry; or an error from its token endpoint, oauth4webapi's
        // OAUTH_* codes): refused, and worth a look, but not a fault of this server.
        const code = (detail as { code?: unknown }).code;
        if (['InvalidCheck', 'OAuthCallbackError', 'OAuthSignInError'].includes((error as { type?: string }).type ?? '') || (typeof code === 'string' && code.startsWith('OAUTH_'))) {
          log.warn('Single sign-on was refused: the identity provider’s answer failed a check or was an error.', { error: detail });
          return;
        }
        log.error('Sign-in failed unexpectedly.', { error: detail });
      },
    },
    callbacks: {
      jwt({ token, user }) {
        const now = Math.floor(Date.now() / 1000);
        if (user) {
          token.sub = user.id;
          token.sv = user.sessionVersion ?? 0;
          token.authTime = now;
          token.sid = user.sessionId;
        }
        if (typeof token.authTime !== 'number' || now - token.authTime > absoluteSeconds) return null;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.sub ?? '';
        session.sessionVersion = token.sv ?? -1;
        session.sessionId = token.sid ?? '';
        return session;
      },
    },
  };
}

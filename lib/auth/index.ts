import 'server-only';
import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { verifyLogin } from '@/lib/accounts/verify-login';
import { clientIpFrom } from '@/lib/request';
import { authConfig, LoginRefused } from './config';

export const { auth, signIn, signOut, handlers } = NextAuth(() => {
  const config = authConfig();
  return {
    ...config,
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const result = await verifyLogin({
            email: credentials.email,
            password: credentials.password,
            ip: clientIpFrom(request.headers),
          });
          if (!result.ok) throw new LoginRefused(result.reason, result.reason === 'throttled' ? result.retryAfterSeconds : 0);
          return { id: result.user.id, email: result.user.email, sessionVersion: result.user.sessionVersion };
        },
      }),
    ],
  };
});

// The identity provider of the single sign-on tests: `oidc-provider` (the certified Node
// implementation of OpenID Connect) on a local port, started by playwright.config.ts.
// - Its development login page takes any login name and password; the login name is the
//   account's `sub` and e-mail. A name starting with "unverified" has email_verified false.
// - Consent is granted without asking (a first-party provider).
// - To test Watchpost's refusals, a login name starting with "fault-<kind>-" gets a real but
//   wrong ID token: signed with the provider's own key, with one claim spoiled (nonce,
//   nonce-missing, issuer, audience, expired); "fault-state-" gets a forged `state` in the
//   redirect back to the app.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, oidcIssuer, oidcPort, ssoBaseURL, baseURL } from '../../playwright.config';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-signing-key', alg: 'RS256', use: 'sig' };
const signingKey = createPrivateKey({ key: jwk, format: 'jwk' });

const provider = new Provider(oidcIssuer, {
  clients: [
    {
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [baseURL, ssoBaseURL].map((origin) => `${origin}/api/auth/callback/oidc`),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['watchpost-e2e-idp-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // Claims in the ID token itself (Watchpost reads them there, as Auth.js does).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified'), name: id.split('@')[0] }),
    };
  },
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const clientId = ctx.oidc.client!.clientId;
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The same ID token with one claim spoiled, signed again with the provider's key. */
function spoil(idToken: string, fault: string): string {
  const [header, payload] = idToken.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  if (fault === 'nonce') claims.nonce = 'not-the-nonce-that-was-sent';
  if (fault === 'nonce-missing') delete claims.nonce;
  if (fault === 'issuer') claims.iss = 'http://127.0.0.1:9/another-issuer';
  if (fault === 'audience') claims.aud = 'another-client';
  if (fault === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  const body = `${header}.${base64url(claims)}`;
  return `${body}.${sign('sha256', Buffer.from(body), signingKey).toString('base64url')}`;
}

provider.use(async (ctx, next) => {
  await next();
  // "fault-state-…": the redirect back to the app carries a state the app did not send.
  const location = String(ctx.response.get('location') ?? '');
  if (location.includes('/api/auth/callback/oidc') && ctx.oidc?.session?.accountId?.startsWith('fault-state-')) {
    const url = new URL(location);
    url.searchParams.set('state', 'forged-state');
    ctx.redirect(url.toString());
  }
  const body = ctx.body as { id_token?: string } | undefined;
  if (ctx.path === '/token' && typeof body?.id_token === 'string') {
    const sub = (JSON.parse(Buffer.from(body.id_token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
    const fault = /^fault-(nonce-missing|nonce|issuer|audience|expired)-/.exec(sub)?.[1];
    if (fault) ctx.body = { ...body, id_token: spoil(body.id_token, fault) };
  }
});

const handle = provider.callback();
createServer((request, response) => {
  if (request.url === '/health') {
    response.end('ok');
    return;
  }
  handle(request, response);
}).listen(oidcPort, '127.0.0.1', () => console.log(`OpenID provider at ${oidcIssuer}`));

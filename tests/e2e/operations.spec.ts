import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import postgres from 'postgres';
import { baseURL, dataDir, mainPort } from '../../playwright.config';
import { addAgent, addMonitor, expect, PASSWORD, signUp, test, uniqueEmail } from './helpers';

// What an operator relies on: the security headers a scanner looks for, refusals instead of
// crashes, a Prometheus scrape, JSON logs without secrets, and a rolling restart (SIGTERM)
// that loses no acknowledged batch and hands the background work to the next instance.

const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

test.describe('security headers', () => {
  test('on a page, an API route and the public pages, and no X-Powered-By', async ({ request }) => {
    for (const url of ['/login', '/', '/api/health', '/agent/version.json', '/api/v1/openapi.json', '/no-such-page']) {
      const response = await request.get(url);
      const headers = response.headers();
      expect(headers['x-content-type-options'], url).toBe('nosniff');
      expect(headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(headers['x-frame-options'], url).toBe('DENY');
      expect(headers['permissions-policy'], url).toContain('camera=()');
      expect(headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(headers['x-request-id'], url).toMatch(/^[0-9a-f-]{36}$/);
      expect(headers['x-powered-by'], url).toBeUndefined();
      // Served over plain http here (no https WATCHPOST_PUBLIC_URL): no HSTS.
      expect(headers['strict-transport-security'], url).toBeUndefined();
    }
    const page = await request.get('/login');
    const policy = page.headers()['content-security-policy']!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).toContain("form-action 'self'");
    // Every script the page carries has this response's nonce; the next response has another.
    const html = await page.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    expect((await request.get('/login')).headers()['content-security-policy']).not.toContain(nonce!);
    expect((await request.get('/api/health')).headers()['content-security-policy']).toMatch(/^default-src 'none'/);
  });
});

test.describe('refusals, not crashes', () => {
  const forged = { 'Next-Action': '7f'.padEnd(42, '0'), 'Content-Type': 'text/plain;charset=UTF-8' };

  test('a server action from another site gets 403, an unknown action id a 4xx, neither a stack trace', async ({ request }) => {
    const crossSite = await request.post('/login', { headers: { ...forged, Origin: 'https://evil.example' }, data: '[]' });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Cross-site form posts and server actions are refused.' } });
    const crossSiteForm = await request.post('/signup', { headers: { Origin: 'https://evil.example' }, multipart: { email: 'a@example.com', password: PASSWORD } });
    expect(crossSiteForm.status()).toBe(403);
    const unknown = await request.post('/login', { headers: { ...forged, Origin: baseURL }, data: '[]' });
    expect(unknown.status()).toBeGreaterThanOrEqual(400);
    expect(unknown.status()).toBeLessThan(500);
    for (const response of [crossSite, crossSiteForm, unknown]) expect(await response.text()).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });
});

test.describe('GET /metrics', () => {
  test('is refused without the token and with it parses as Prometheus text whose counters move', async ({ page, request }) => {
    expect((await request.get('/metrics')).status()).toBe(401);
    expect((await request.get('/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status()).toBe(401);
    const scrape = async () => {
      const response = await request.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status()).toBe(200);
      return parsePrometheusTextFormat(await response.text());
    };
    const value = (families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) =>
      Number(
        families.find((family) => family.name === name)?.metrics.find((metric) => Object.entries(labels).every(([k, v]) => metric.labels?.[k] === v))
          ?.value ?? 0,
      );

    await signUp(page, uniqueEmail('metrics'));
    const token = await addAgent(page, 'Metrics probe');
    await addMonitor(page, { name: 'Metrics target', type: 'tcp', target: 'db.internal:5432' });
    await page.goto('/dashboard');
    const monitorId = (await page.getByRole('link', { name: 'Metrics target', exact: true }).getAttribute('href'))!.split('/').at(-1)!;

    const before = await scrape();
    const now = Date.now();
    const posted = await request.post('/api/v1/agent/heartbeats', {
      headers: { authorization: `Bearer ${token}` },
      data: { heartbeats: [0, 1, 2].map((i) => ({ monitorId, time: new Date(now - i * 1000).toISOString(), status: 'up', latencyMs: 3 })) },
    });
    expect(posted.status()).toBe(202);
    expect((await request.post('/api/v1/agent/heartbeats', { headers: { authorization: 'Bearer wpa_nobody' }, data: { heartbeats: [] } })).status()).toBe(401);
    const after = await scrape();
    // Other tests post at the same time: at least this test's own.
    expect(value(after, 'watchpost_heartbeats_total', { result: 'accepted' }) - value(before, 'watchpost_heartbeats_total', { result: 'accepted' })).toBeGreaterThanOrEqual(3);
    expect(value(after, 'watchpost_ingest_batches_rejected_total', { reason: 'unauthorized' })).toBeGreaterThan(value(before, 'watchpost_ingest_batches_rejected_total', { reason: 'unauthorized' }));
    expect(value(after, 'watchpost_http_requests_total', { route: 'agent_api', code: '202' })).toBeGreaterThan(value(before, 'watchpost_http_requests_total', { route: 'agent_api', code: '202' }));
    expect(value(after, 'watchpost_monitors', { status: 'up' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'watchpost_background_leader')).toBe(1);
    expect(value(after, 'watchpost_database_up')).toBe(1);
  });
});

// ---- Instances of our own: the rolling restart and the logs ----------------------------

interface Instance {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, HOSTNAME: '127.0.0.1', PORT: String(port), WATCHPOST_PUBLIC_URL: '', WATCHPOST_SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${url}/api/health`).then((r) => r.status).catch(() => 0)) || (child.exitCode !== null ? `exited: ${output}` : 0), {
      timeout: 120_000,
      intervals: [500],
    })
    .toBe(200);
  return { url, child, output: () => output, exited };
}

/** The e2e suite's embedded PostgreSQL (started by the main server), as a superuser URL. */
function clusterUrl(database: string): string {
  const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { databasePassword: string };
  const port = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  return `postgres://watchpost:${encodeURIComponent(secrets.databasePassword)}@127.0.0.1:${port}/${database}`;
}

async function isLeader(instance: Instance): Promise<boolean> {
  const response = await fetch(`${instance.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => null);
  if (response?.status !== 200) return false;
  return /^watchpost_background_leader 1$/m.test(await response.text());
}

test('a rolling restart: SIGTERM during a stream of batches loses none that got a 202, the other instance takes over, and the JSON logs hold no secret', async ({ browser }) => {
  test.setTimeout(300_000);
  const database = `ops_${randomBytes(4).toString('hex')}`;
  const admin = postgres(clusterUrl('watchpost'), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${database}`);
  const sql = postgres(clusterUrl(database), { max: 1, onnotice: () => undefined });
  const secrets = { AUTH_SECRET: randomBytes(32).toString('base64'), WATCHPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const env = {
    DATABASE_URL: clusterUrl(database),
    ...secrets,
    WATCHPOST_REGISTRATION: 'open',
    WATCHPOST_LOG_FORMAT: 'json',
    WATCHPOST_LOG_LEVEL: 'debug',
    WATCHPOST_METRICS_TOKEN: METRICS_TOKEN,
    ANONYMOUS_FORM_LIMIT_PER_HOUR: '10000',
    INGEST_MAX_REQUESTS_PER_MINUTE: '1000000',
  };
  const first = await startInstance(mainPort + 2, env);
  let second: Instance | undefined;
  try {
    second = await startInstance(mainPort + 3, env);
    await expect.poll(() => isLeader(first), { timeout: 20_000 }).toBe(true);
    expect(await isLeader(second)).toBe(false);

    // A user signs up and adds an agent and a monitor on the first instance, in Chromium.
    const context = await browser.newContext({ baseURL: first.url });
    const page = await context.newPage();
    const email = uniqueEmail('rolling');
    await signUp(page, email);
    const token = await addAgent(page, 'Rolling probe');
    await addMonitor(page, { name: 'Rolling target', type: 'tcp', target: 'db.internal:5432' });
    await page.goto('/dashboard');
    const monitorId = (await page.getByRole('link', { name: 'Rolling target', exact: true }).getAttribute('href'))!.split('/').at(-1)!;
    await context.close();

    // Four agents' worth of batches, back to back, then SIGTERM in the middle of them.
    // One heartbeat a second from 12 hours ago: every one in range, none in the future.
    const base = Date.now() - 12 * 3_600_000;
    let next = 0;
    let signalledAt = 0;
    const acknowledged: number[] = [];
    let acknowledgedAfterSignal = 0;
    const refusals: string[] = [];
    const stream = async () => {
      for (;;) {
        const batch = next++;
        const heartbeats = Array.from({ length: 200 }, (_, i) => ({
          monitorId,
          time: new Date(base + (batch * 200 + i) * 1000).toISOString(),
          status: 'up',
          latencyMs: 5,
        }));
        const response = await fetch(`${first.url}/api/v1/agent/heartbeats`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ heartbeats }),
        }).catch((error: Error) => error);
        if (response instanceof Error) return; // the instance is gone: an agent would spool and resend
        const body = (await response.json().catch(() => null)) as { accepted: number; rejected: unknown[] } | null;
        if (response.status === 202) {
          expect(body).toMatchObject({ accepted: 200, rejected: [] });
          acknowledged.push(batch);
          if (signalledAt) acknowledgedAfterSignal++;
        } else {
          refusals.push(String(response.status));
          if (signalledAt) return;
        }
      }
    };
    const streams = Array.from({ length: 4 }, stream);
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
    signalledAt = Date.now();
    first.child.kill('SIGTERM');
    await Promise.all(streams);
    expect(await first.exited).toBe(0);

    // Every acknowledged heartbeat is stored.
    const times = acknowledged.flatMap((batch) => Array.from({ length: 200 }, (_, i) => new Date(base + (batch * 200 + i) * 1000).toISOString()));
    const [stored] = await sql`SELECT count(*)::int AS n FROM heartbeats WHERE monitor_id = ${monitorId} AND time = ANY(${times}::timestamptz[])`;
    expect(stored!.n).toBe(times.length);
    expect(acknowledgedAfterSignal, 'batches in flight at SIGTERM were answered').toBeGreaterThan(0);
    expect(refusals.every((status) => status === '503'), refusals.join(',')).toBe(true);

    // The second instance takes the background work over within seconds.
    const follower = second;
    await expect.poll(() => isLeader(follower), { timeout: 10_000, intervals: [250] }).toBe(true);
    const takeoverSeconds = (Date.now() - signalledAt) / 1000;
    test.info().annotations.push({ type: 'takeover', description: `${takeoverSeconds.toFixed(1)} s after SIGTERM` });

    // The first instance's log: one JSON object per line, request ids on the request lines,
    // pages at debug and API requests at info, the shutdown said, and no secret anywhere.
    const lines = first.output().split('\n').filter(Boolean);
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    for (const entry of entries) expect(typeof entry.time === 'string' && typeof entry.level === 'string' && typeof entry.msg === 'string', JSON.stringify(entry)).toBe(true);
    const ingestLine = entries.find((entry) => entry.route === '/api/v1/agent/heartbeats' && entry.status === 202);
    expect(ingestLine).toMatchObject({ level: 'info', method: 'POST', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(typeof ingestLine!.durationMs).toBe('number');
    expect(entries.find((entry) => entry.route === '/signup' && entry.method === 'POST')).toMatchObject({ level: 'debug' });
    expect(entries.some((entry) => /SIGTERM received/.test(String(entry.msg)))).toBe(true);
    expect(entries.some((entry) => /Background lock released/.test(String(entry.msg)))).toBe(true);
    expect(entries.at(-1)?.msg).toBe('Stopped.');
    const log = first.output();
    for (const secret of [PASSWORD, token, token.slice(4, 40), METRICS_TOKEN, secrets.AUTH_SECRET, secrets.WATCHPOST_ENCRYPTION_KEY, new URL(env.DATABASE_URL).password]) {
      expect(log.includes(secret), `a secret in the log: ${secret.slice(0, 6)}…`).toBe(false);
    }
  } finally {
    for (const instance of [first, second]) if (instance && instance.child.exitCode === null) instance.child.kill('SIGTERM');
    await Promise.all([first.exited, second?.exited]);
    await sql.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
  // The second instance stops as cleanly.
  expect(await second!.exited).toBe(0);
});

test('SIGTERM on the embedded database: the app stops first, then PostgreSQL, and it exits 0', async () => {
  test.setTimeout(180_000);
  const dir = path.join(os.tmpdir(), `watchpost-e2e-stop-${mainPort}`);
  rmSync(dir, { recursive: true, force: true });
  const instance = await startInstance(mainPort + 4, {
    DATABASE_URL: '',
    AUTH_SECRET: '',
    WATCHPOST_ENCRYPTION_KEY: '',
    WATCHPOST_DATA_DIR: dir,
    WATCHPOST_METRICS_TOKEN: METRICS_TOKEN,
  });
  await expect.poll(() => isLeader(instance), { timeout: 20_000 }).toBe(true);
  const pid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  instance.child.kill('SIGTERM');
  expect(await instance.exited).toBe(0);
  const output = instance.output();
  expect(output.indexOf('Background lock released')).toBeGreaterThan(-1);
  expect(output.indexOf('Background lock released')).toBeLessThan(output.lastIndexOf('Stopped.'));
  expect(existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
  expect(existsSync(path.join(dir, 'app.pid'))).toBe(false);
  expect(() => process.kill(pid, 0)).toThrow();
  rmSync(dir, { recursive: true, force: true });
});

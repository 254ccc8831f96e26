import { z } from 'zod';

// The one reader of process.env. The app always sees a complete server configuration;
// in embedded mode `npm start` (scripts/start.ts) fills it in before the app loads.

const base64Key32 = z.string().refine((value) => {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === value.replace(/\s/g, '');
}, 'must be the base64 encoding of exactly 32 random bytes (generate one with: openssl rand -base64 32)');

const required = (hint: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `is not set: ${hint}` : 'must be a string') });

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://');

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const serverEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DATABASE_URL: required('set it to postgres://user:password@host:5432/dbname, or unset it to use the embedded database').pipe(postgresUrl),
  DATABASE_POOL_SIZE: positiveInt(10, 500),
  /** What DATABASE_URL reaches when it is not PostgreSQL itself: a pooler in `transaction` or `session` mode. */
  DATABASE_POOLER: z.enum(['transaction', 'session'], { error: 'must be transaction or session (leave it unset when DATABASE_URL is PostgreSQL itself)' }).optional(),
  /** PostgreSQL itself, past the pooler: migrations and the background leader's lock need a session of their own. */
  DATABASE_DIRECT_URL: postgresUrl.optional(),
  /** A streaming replica of DATABASE_URL: reads of pages, exports, reports and the API go there while it keeps up. */
  DATABASE_READ_URL: postgresUrl.optional(),
  /** The replica is read only while its replay lag is at most this; past it, reads go to the primary until it catches up. */
  WATCHPOST_READ_MAX_LAG_SECONDS: positiveInt(10, 3600),
  AUTH_SECRET: required('it signs session cookies; generate one with: openssl rand -base64 32').min(
    32,
    'must be at least 32 characters (generate one with: openssl rand -base64 32)',
  ),
  WATCHPOST_ENCRYPTION_KEY: required('it encrypts agent keys at rest; generate one with: openssl rand -base64 32').pipe(
    base64Key32,
  ),
  /** Earlier server keys, comma-separated: still accepted for decryption during a key rotation. */
  WATCHPOST_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(base64Key32)),
  /** How often agents fetch their configuration; an agent unseen for 3 × this is offline. */
  WATCHPOST_AGENT_POLL_SECONDS: positiveInt(30, 3600),
  /** Let the built-in agent check private and loopback addresses in production mode. */
  WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Look up when the domains behind monitors expire, over RDAP (false: never ask). */
  WATCHPOST_DOMAIN_EXPIRY: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  /** IANA's RDAP bootstrap registry for domains (RFC 9224), or a mirror of it. */
  WATCHPOST_RDAP_BOOTSTRAP_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('https://data.iana.org/rdap/dns.json'),
  /** Heartbeat batches one agent may post per minute (per app instance) before 429. */
  INGEST_MAX_REQUESTS_PER_MINUTE: positiveInt(600, 1_000_000),
  /** Management API requests one token may make per minute (across instances) before 429. */
  WATCHPOST_API_RATE_LIMIT: positiveInt(600, 1_000_000),
  /** Heartbeat batches in flight per app instance before 503 (defaults to 2 × the pool). */
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional(),
  /** Absolute session lifetime: a sign-in is good for at most this long. */
  AUTH_SESSION_MAX_AGE_DAYS: positiveInt(30, 365),
  /** A session unused for this long ends. */
  AUTH_SESSION_IDLE_DAYS: positiveInt(7, 365),
  /** Failed sign-ins are counted per e-mail and per client IP over this window. */
  AUTH_THROTTLE_WINDOW_MINUTES: positiveInt(15, 24 * 60),
  AUTH_THROTTLE_MAX_FAILURES_PER_EMAIL: positiveInt(10, 1000),
  AUTH_THROTTLE_MAX_FAILURES_PER_IP: positiveInt(50, 100_000),
  /** Delay after the 4th failure in a window; it doubles with each further one (capped at 2 s). */
  AUTH_THROTTLE_DELAY_MS: z.coerce.number().int().min(0).max(2000).default(250),
  /** Sign-ups and other anonymous forms, per client IP per hour. */
  ANONYMOUS_FORM_LIMIT_PER_HOUR: positiveInt(20, 100_000),
  /** Who may create an account: open | invite | closed (default: open embedded, invite otherwise). */
  WATCHPOST_REGISTRATION: z.enum(['open', 'invite', 'closed'], { error: 'must be open, invite or closed' }).optional(),
  /** The address people reach Watchpost at, for links in invitations and notifications. */
  WATCHPOST_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, like https://watchpost.example.com' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** Outgoing mail: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  WATCHPOST_SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^/]/.test(value), 'must look like smtp://user:pass@host:587 or smtps://user:pass@host:465')
    .optional(),
  /** The sender of every mail, like "Watchpost <watchpost@example.com>". */
  WATCHPOST_MAIL_FROM: z.string().max(320).default('Watchpost <watchpost@localhost>'),
  /** Let notification webhooks (and ntfy servers) point at loopback and private addresses in production mode. */
  WATCHPOST_NOTIFY_PRIVATE_TARGETS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** The Telegram Bot API (a self-hosted Bot API server, or a test's stand-in). */
  WATCHPOST_TELEGRAM_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .default('https://api.telegram.org'),
  /** Turns on GET /metrics (Prometheus text), answered only with `Authorization: Bearer <this>`. */
  WATCHPOST_METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (generate one with: openssl rand -hex 24)')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  /** Single sign-on: the OpenID provider's issuer (or its discovery URL, …/.well-known/openid-configuration). */
  WATCHPOST_OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, like https://login.example.com/realms/acme' })
    .transform((value) => value.replace(/\/\.well-known\/openid-configuration\/?$/, ''))
    .optional(),
  WATCHPOST_OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  WATCHPOST_OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** The label of the login page's single sign-on button. */
  WATCHPOST_OIDC_NAME: z.string().trim().min(1).max(60).default('Single sign-on'),
  /** E-mail domains whose people get an account at their first single sign-on, whatever WATCHPOST_REGISTRATION says. */
  WATCHPOST_OIDC_ALLOWED_DOMAINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((domain) => domain.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/, 'must be e-mail domains separated by commas, like example.com,example.org'))),
  /** A team (its id or exact name) that people join as viewers when single sign-on makes their account. */
  WATCHPOST_OIDC_DEFAULT_TEAM: z.string().trim().min(1).max(200).optional(),
  /** false: no sign-in or sign-up with a password (single sign-on only; `npm run admin -- users reset-password` still works). */
  WATCHPOST_PASSWORD_LOGIN: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  /** Set by `npm start` when it runs the embedded PostgreSQL. */
  WATCHPOST_EMBEDDED: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
}).superRefine((env, context) => {
  for (const name of ['WATCHPOST_OIDC_CLIENT_ID', 'WATCHPOST_OIDC_CLIENT_SECRET'] as const) {
    if (env.WATCHPOST_OIDC_ISSUER && !env[name]) context.addIssue({ code: 'custom', path: [name], message: 'is not set: single sign-on (WATCHPOST_OIDC_ISSUER) needs the client id and secret registered at the provider' });
  }
  if (!env.WATCHPOST_PASSWORD_LOGIN && !env.WATCHPOST_OIDC_ISSUER) {
    context.addIssue({ code: 'custom', path: ['WATCHPOST_PASSWORD_LOGIN'], message: 'is false but single sign-on is not configured (WATCHPOST_OIDC_ISSUER): nobody could sign in' });
  }
  if (env.DATABASE_POOLER === 'transaction' && !env.DATABASE_DIRECT_URL) {
    context.addIssue({
      code: 'custom',
      path: ['DATABASE_DIRECT_URL'],
      message: 'is not set: with DATABASE_POOLER=transaction, migrations and the background leader\'s lock need a direct connection to PostgreSQL (postgres://user:password@db-host:5432/dbname, not the pooler)',
    });
  }
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/**
 * Where to open a connection that keeps its session (session advisory locks, migrations):
 * past a transaction pooler, which would hand the session's later statements to another
 * server connection.
 */
export function sessionDatabaseUrl(env: Pick<ServerEnv, 'DATABASE_URL' | 'DATABASE_DIRECT_URL'>): string {
  return env.DATABASE_DIRECT_URL ?? env.DATABASE_URL;
}

export type RegistrationMode = NonNullable<ServerEnv['WATCHPOST_REGISTRATION']>;

/** Open on the embedded database (someone trying it out), by invitation on a real deployment. */
export function registrationMode(env: ServerEnv = getEnv()): RegistrationMode {
  return env.WATCHPOST_REGISTRATION ?? (env.WATCHPOST_EMBEDDED ? 'open' : 'invite');
}

/** Thrown for bad configuration; each line names one variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
}

/** An empty variable (`AUTH_SECRET=`) counts as unset, as in most tools. */
function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => !!entry[1]));
}

export function parseServerEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const result = serverEnvSchema.safeParse(withoutEmpty(source));
  if (!result.success) throw new ConfigError(formatIssues(result.error));
  return result.data;
}

let cached: ServerEnv | undefined;

/** The validated server configuration, parsed once. */
export function getEnv(): ServerEnv {
  cached ??= parseServerEnv();
  return cached;
}

/** Forget the parsed configuration (tests that point the app at another database). */
export function resetEnvCache(): void {
  cached = undefined;
}

const launchSchema = z.object({
  DATABASE_URL: z.string().optional(),
  DATABASE_DIRECT_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default('0.0.0.0'),
  WATCHPOST_DATA_DIR: z.string().min(1).default('.data'),
  WATCHPOST_EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Behind a reverse proxy: take the client's IP from X-Forwarded-For (its left-most address). */
  WATCHPOST_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
});

export type LaunchSettings = z.infer<typeof launchSchema>;

/** What `npm start` and the migration scripts need before the server configuration exists. */
export function readLaunchSettings(source: Record<string, string | undefined> = process.env): LaunchSettings {
  const result = launchSchema.safeParse(withoutEmpty(source));
  if (!result.success) throw new ConfigError(formatIssues(result.error));
  return result.data;
}

/** The URL this server listens on, as a person on the same machine would type it. */
export function listeningUrl(settings: Pick<LaunchSettings, 'HOSTNAME' | 'PORT'>): string {
  const host = settings.HOSTNAME === '0.0.0.0' || settings.HOSTNAME === '::' ? 'localhost' : settings.HOSTNAME;
  return `http://${host.includes(':') ? `[${host}]` : host}:${settings.PORT}`;
}

/** The base of links sent out of the app (invitations, notifications): WATCHPOST_PUBLIC_URL, else where the server listens. */
export function linkBaseUrl(env: ServerEnv = getEnv(), settings: LaunchSettings = readLaunchSettings()): string {
  return env.WATCHPOST_PUBLIC_URL ?? listeningUrl(settings);
}

const logSchema = z.object({
  /** text (for people, the default) or json (one object per line, for a log system). */
  WATCHPOST_LOG_FORMAT: z.enum(['text', 'json'], { error: 'must be text or json' }).default('text'),
  /** The least severe level written: debug (also page requests) | info | warn | error. */
  WATCHPOST_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }).default('info'),
});

export type LogSettings = z.infer<typeof logSchema>;

/** How to log; read on its own, because the logger is needed before (and without) the rest. */
export function readLogSettings(source: Record<string, string | undefined> = process.env): LogSettings {
  const result = logSchema.safeParse(withoutEmpty(source));
  if (!result.success) throw new ConfigError(formatIssues(result.error));
  return result.data;
}

/** True inside Next's Node.js server runtime while serving (not the edge runtime, not `next build`). */
export function isServingNodeRuntime(): boolean {
  return process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build';
}

import { formatWithOptions } from 'node:util';
import { readLogSettings, type LogSettings } from '@/lib/env';
import { currentRequestId } from './request-context';

// The one logger. Text for people by default; WATCHPOST_LOG_FORMAT=json writes one JSON
// object per line for a log system. Nothing secret gets out: fields named like a secret
// are replaced, and credentials inside URLs, bearer tokens and agent tokens are masked in
// every string, messages and error stacks included. Lines go straight to stdout/stderr
// (not through console, which `npm start` redirects here in JSON mode).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown> & { error?: unknown };

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|api[-_]?key|credential|signature|private[-_]?key/i;
const REDACTED = '[redacted]';

/** Mask credentials in free text: user:password@ in URLs, bearer tokens, agent tokens, push monitors' ping keys (and any key in a ping URL), passwords in query strings. */
export function scrub(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\bwpa_[A-Za-z0-9_-]{20,}/g, `wpa_${REDACTED}`)
    .replace(/\bwpp_[A-Za-z0-9_-]{20,}/g, `wpp_${REDACTED}`)
    .replace(/(\/(?:ping|api\/push)\/)[^\s/?#]{8,}/g, `$1${REDACTED}`)
    .replace(/([?&](?:token|password|secret|key|code)=)[^&\s]+/gi, `$1${REDACTED}`);
}

function errorObject(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? scrub(error) : error;
  const code = (error as NodeJS.ErrnoException).code;
  return {
    name: error.name,
    message: scrub(error.message),
    ...(code ? { code } : {}),
    ...(error.stack ? { stack: scrub(error.stack) } : {}),
    ...('digest' in error && typeof error.digest === 'string' ? { digest: error.digest } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: errorObject(error.cause, depth + 1) } : {}),
  };
}

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) return errorObject(value);
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? REDACTED : clean(item, depth + 1)]),
  );
}

const holder = globalThis as typeof globalThis & { __watchpostLogSettings?: LogSettings };

function settings(): LogSettings {
  holder.__watchpostLogSettings ??= readLogSettings();
  return holder.__watchpostLogSettings;
}

/** Read WATCHPOST_LOG_FORMAT and WATCHPOST_LOG_LEVEL again (tests). */
export function resetLogSettings(): void {
  holder.__watchpostLogSettings = undefined;
}

function isLogged(level: LogLevel): boolean {
  return RANK[level] >= RANK[settings().WATCHPOST_LOG_LEVEL];
}

function textLine(level: LogLevel, msg: string, fields: Record<string, unknown>): string {
  const { error, ...rest } = fields;
  // What the message already says is not repeated (a request line's method, path and status).
  const said = new Set(msg.split(/\s+/));
  const pairs = Object.entries(rest)
    .filter(([, value]) => value !== undefined && !said.has(String(value)))
    .map(([key, value]) => `${key}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`);
  const head = `[watchpost] ${level === 'info' || level === 'debug' ? '' : `${level}: `}${msg}${pairs.length ? ` (${pairs.join(' ')})` : ''}`;
  const cause = error as { stack?: string; message?: string } | string | undefined;
  const detail = typeof cause === 'string' ? cause : (cause?.stack ?? cause?.message);
  return detail ? `${head}\n${detail}` : head;
}

export function write(level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (!isLogged(level)) return;
  const requestId = currentRequestId();
  const cleaned = clean({ ...(requestId ? { requestId } : {}), ...fields }) as Record<string, unknown>;
  const text = scrub(msg);
  const line =
    settings().WATCHPOST_LOG_FORMAT === 'json'
      ? JSON.stringify({ time: new Date().toISOString(), level, msg: text, ...cleaned })
      : textLine(level, text, cleaned);
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};

/**
 * In JSON mode, turn what Next.js and libraries print through console into log lines too,
 * so every line of output is one JSON object. `npm start` calls this once.
 */
export function routeConsoleToLog(): void {
  if (settings().WATCHPOST_LOG_FORMAT !== 'json') return;
  const bridge = (level: LogLevel) => (...args: unknown[]) => {
    const error = args.find((arg) => arg instanceof Error);
    const msg = formatWithOptions({ colors: false }, ...args.filter((arg) => arg !== error)).replace(/\u001b\[[0-9;]*m/g, '').trim();
    write(level, msg || (error as Error | undefined)?.message || '', error ? { error } : {});
  };
  console.log = bridge('info');
  console.info = bridge('info');
  console.debug = bridge('debug');
  console.warn = bridge('warn');
  console.error = bridge('error');
  // Node prints its warnings (deprecations and the like) straight to stderr: as log lines instead.
  for (const listener of process.listeners('warning')) process.removeListener('warning', listener);
  process.on('warning', (warning) => write('warn', warning.message, { warning: warning.name, code: (warning as NodeJS.ErrnoException).code }));
}

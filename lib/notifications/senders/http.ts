import 'server-only';
import { lookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, type Dispatcher, fetch } from 'undici';
import { isPrivateHost } from '@/lib/contracts/targets';
import { getEnv } from '@/lib/env';
import type { AttemptResult } from './types';

// POSTs to receivers: 10 s to answer, redirects not followed (a moved webhook is the
// user's to fix), and in production no connection to a private address unless the
// operator allows it. The check runs on the addresses the name resolves to, at connect
// time, so a name that changes to a private address after the channel was saved is
// caught too.

export const SEND_TIMEOUT_MS = 10_000;

const PRIVATE_REFUSED = 'refused: the address is on a private network (the operator can allow it with WATCHPOST_NOTIFY_PRIVATE_TARGETS=true)';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function publicOnlyLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.some((a) => isPrivateHost(a.address))) return callback(Object.assign(new Error(PRIVATE_REFUSED), { code: 'EPRIVATE' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

let publicOnly: Agent | undefined;
let anywhere: Agent | undefined;

/** The dispatcher senders use: public addresses only in production, unless allowed. */
export function defaultDispatcher(): Dispatcher {
  const env = getEnv();
  if (env.WATCHPOST_EMBEDDED || env.WATCHPOST_NOTIFY_PRIVATE_TARGETS) return (anywhere ??= new Agent({ connections: 50 }));
  return (publicOnly ??= new Agent({ connections: 50, connect: { lookup: publicOnlyLookup as never } }));
}

function privateLiteral(url: URL): boolean {
  const env = getEnv();
  if (env.WATCHPOST_EMBEDDED || env.WATCHPOST_NOTIFY_PRIVATE_TARGETS) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address never goes through lookup: check it here.
  return isIP(host) !== 0 && isPrivateHost(host);
}

/** Seconds from a Retry-After header (seconds or an HTTP date), capped at an hour. */
export function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(3600, Math.ceil(seconds)) : undefined;
}

export interface PostOptions {
  dispatcher?: Dispatcher;
  /** POST unless said (Matrix sends with PUT) */
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  contentType?: string;
}

/**
 * What a service says went wrong, from the error bodies they document: PagerDuty's
 * {message, errors}, Opsgenie's {message}, Pushover's {errors}, Matrix's {errcode, error},
 * Gotify's {error, errorDescription}; the body as it came when it is none of these.
 */
export function providerMessage(reply: string): string {
  let body: unknown;
  try {
    body = JSON.parse(reply);
  } catch {
    return reply;
  }
  if (!body || typeof body !== 'object') return reply;
  const b = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const list = Array.isArray(b.errors) ? b.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ') : null;
  const parts = [text(b.errcode), text(b.message) ?? text(b.error), text(b.errorDescription), list].filter((part): part is string => Boolean(part));
  return parts.length ? [...new Set(parts)].join(': ') : reply;
}

/** Send `body` (POST unless said) and judge the answer: 2xx delivered; 408, 429 and 5xx retried; other answers fail for good. */
export async function post(url: string, body: string, options: PostOptions = {}): Promise<AttemptResult> {
  const target = new URL(url);
  if (privateLiteral(target)) return { ok: false, retryable: false, error: PRIVATE_REFUSED };
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(target, {
      method: options.method ?? 'POST',
      body,
      redirect: 'manual',
      headers: { 'content-type': options.contentType ?? 'application/json', 'user-agent': 'Watchpost-Notifications/1', ...options.headers },
      dispatcher: options.dispatcher ?? defaultDispatcher(),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, retryable: !String((error as Error).cause ?? error).includes(PRIVATE_REFUSED), error: networkError(error) };
  }
  const reply = (await response.text().catch(() => '')).slice(0, 500);
  const statusCode = response.status;
  if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode, reply };
  if (statusCode >= 300 && statusCode < 400) {
    const location = response.headers.get('location');
    return { ok: false, retryable: false, statusCode, reply, error: `answered ${statusCode}: redirects are not followed${location ? `; the new address may be ${location.slice(0, 300)}` : ''}` };
  }
  const retryable = statusCode === 408 || statusCode === 429 || statusCode >= 500;
  return {
    ok: false,
    retryable,
    statusCode,
    reply,
    retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) ?? retryAfterMs(reply),
    error: `answered ${statusCode}${reply ? `: ${providerMessage(reply).slice(0, 300)}` : ''}`,
  };
}

/** Matrix says how long to wait in its body (M_LIMIT_EXCEEDED's retry_after_ms). */
function retryAfterMs(reply: string): number | undefined {
  const match = /"retry_after_ms"\s*:\s*(\d+)/.exec(reply);
  return match ? Math.min(3600, Math.ceil(Number(match[1]) / 1000)) : undefined;
}

function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  if (cause?.message?.includes(PRIVATE_REFUSED)) return PRIVATE_REFUSED;
  const code = cause?.code ?? (error as { code?: string }).code;
  const messages: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'the connection was dropped',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (temporary)',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_SOCKET: 'the connection was dropped',
    UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
    UND_ERR_HEADERS_TIMEOUT: `no answer within ${SEND_TIMEOUT_MS / 1000} s`,
  };
  return (code && messages[code]) ?? cause?.message ?? (error as Error).message ?? String(error);
}

import 'server-only';
import { isUuid } from '@/lib/ids';
import { log } from '@/lib/observability/log';
import { perMinuteLimiter } from '@/lib/rate-limit/per-minute';
import { clientIpFrom } from '@/lib/request';
import { plausiblePushKey } from './keys';
import { type Ping, PING_BODY_LIMIT, receivePing } from './ping';
import { pingKindOf } from './schedule';

// The ping endpoints' one handler: no session and no CSRF (the key is the capability),
// HEAD, GET and POST alike. Limits come before any database work: per key, then per
// client IP; the body is read only up to its limit, however much is sent.

export const PINGS_PER_KEY_PER_MINUTE = 120;
export const PINGS_PER_IP_PER_MINUTE = 1200;

const KEY = Symbol.for('watchpost.pingLimiters');
const holder = globalThis as typeof globalThis & { [KEY]?: { byKey: ReturnType<typeof perMinuteLimiter>; byIp: ReturnType<typeof perMinuteLimiter> } };
const limiters = (holder[KEY] ??= { byKey: perMinuteLimiter(), byIp: perMinuteLimiter() });

const COMMON_HEADERS = {
  'Ping-Body-Limit': String(PING_BODY_LIMIT),
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'no-store',
};

function answer(status: number, text: string, headers: Record<string, string> = {}, kuma = false): Response {
  const body = kuma ? JSON.stringify(status === 200 ? { ok: true } : { ok: false, msg: text }) : `${text}\n`;
  const type = kuma ? 'application/json' : 'text/plain; charset=utf-8';
  return new Response(body, { status, headers: { 'Content-Type': type, ...COMMON_HEADERS, ...headers } });
}

/** The first PING_BODY_LIMIT bytes of the body as UTF-8 text (the rest is never read), or null when there is none. */
async function readPingBody(request: Request): Promise<string | null> {
  if (request.method !== 'POST' || !request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < PING_BODY_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= PING_BODY_LIMIT) await reader.cancel().catch(() => undefined);
  if (size === 0) return null;
  const bytes = Buffer.concat(chunks).subarray(0, PING_BODY_LIMIT);
  // A multi-byte character cut at the limit decodes as U+FFFD: drop it. PostgreSQL text holds no NUL.
  const text = new TextDecoder('utf-8').decode(bytes).replace(/\uFFFD$/, '').replaceAll('\u0000', '');
  return text.toWellFormed();
}

export interface PingRoute {
  key: string;
  /** The path after the key: '', start, fail, log or an exit status. */
  suffix?: string;
  /** Uptime Kuma's `/api/push/<key>?status=&msg=&ping=`. */
  kuma?: boolean;
}

export async function handlePing(request: Request, route: PingRoute): Promise<Response> {
  const kuma = route.kuma ?? false;
  const url = new URL(request.url);
  let kind = pingKindOf(route.suffix);
  if (!kind) return answer(400, 'Unknown ping: use /ping/<key>, /start, /fail, /log or an exit status from 0 to 255.', {}, kuma);
  const latency = url.searchParams.get('ping');
  let latencyMs: number | undefined;
  if (kuma) {
    const status = url.searchParams.get('status') ?? 'up';
    if (status !== 'up' && status !== 'down') return answer(400, 'status must be up or down.', {}, true);
    if (status === 'down') kind = { kind: 'fail', exitStatus: null };
    if (latency !== null && latency !== '') {
      const value = Number(latency);
      if (!Number.isFinite(value) || value < 0) return answer(400, 'ping must be a number of milliseconds.', {}, true);
      latencyMs = value;
    }
  }
  const rid = url.searchParams.get('rid');
  if (rid !== null && !isUuid(rid)) return answer(400, 'rid must be a UUID, like 6f1c4a52-3e0b-4c51-9a8e-2d5b8f0e7a11.', {}, kuma);
  if (!plausiblePushKey(route.key)) return answer(404, 'Not found: no push monitor has this URL.', {}, kuma);

  const overKey = limiters.byKey(route.key, PINGS_PER_KEY_PER_MINUTE);
  const ip = clientIpFrom(request.headers);
  const over = !overKey.allowed ? overKey : limiters.byIp(ip, PINGS_PER_IP_PER_MINUTE);
  if (!over.allowed) {
    const retry = String(Math.max(1, Math.ceil(over.retryAfterSeconds)));
    return answer(429, `Too many pings; try again in ${retry} s.`, { 'Retry-After': retry }, kuma);
  }

  const ping: Ping = {
    key: route.key,
    kind: kind.kind,
    exitStatus: kind.exitStatus,
    runId: rid,
    body: await readPingBody(request),
    sourceIp: ip,
    via: kuma ? 'kuma' : 'ping',
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(kuma && url.searchParams.get('msg') ? { message: url.searchParams.get('msg')!.slice(0, 1000) } : {}),
  };
  try {
    const found = await receivePing(ping);
    return found ? answer(200, 'OK', {}, kuma) : answer(404, 'Not found: no push monitor has this URL.', {}, kuma);
  } catch (error) {
    log.error('A ping could not be stored.', { error });
    return answer(503, 'The ping could not be stored; send it again.', { 'Retry-After': '5' }, kuma);
  }
}

import { Agent, type Dispatcher, interceptors, request } from 'undici';
import type { HttpOptions } from '../../lib/contracts/monitors';
import { parseStatusRanges } from '../../lib/contracts/monitors';
import { type CheckResult, describeNetworkError, elapsed } from './types';

// An http check: one request with the monitor's method, headers and body; up when the
// status is expected and the keyword rule holds. Latency is the time to the full
// response headers (before the body is read).

const BODY_LIMIT = 1024 * 1024;
const MAX_REDIRECTS = 10;

// One connection pool per TLS setting, with and without redirects. Connections are not
// kept alive: each check opens its own, as a visitor would, so a dead listener shows.
const dispatchers = new Map<string, Dispatcher>();
function dispatcherFor(verifyTls: boolean, followRedirects: boolean): Dispatcher {
  const key = `${verifyTls}:${followRedirects}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const base = new Agent({ connect: { rejectUnauthorized: verifyTls }, pipelining: 0 });
    dispatcher = followRedirects ? base.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS })) : base;
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

function tlsProblem(error: unknown): string | null {
  const code = (error as { code?: string })?.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME_MISMATCH/.test(code)) {
    return `TLS certificate not trusted (${code})`;
  }
  return null;
}

export async function checkHttp(target: string, options: HttpOptions, timeoutMs: number): Promise<CheckResult> {
  const started = process.hrtime.bigint();
  // A timer of our own, cleared when the check ends: AbortSignal.timeout would still fire
  // afterwards and abort a finished request.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const { signal } = controller;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(target, {
      method: options.method,
      headers: { 'user-agent': 'Watchpost-Agent/1', connection: 'close', ...options.headers },
      body: options.method === 'POST' ? (options.body ?? '') : undefined,
      dispatcher: dispatcherFor(options.verifyTls, options.followRedirects),
      signal,
    });
  } catch (error) {
    clearTimeout(timer);
    if (signal.aborted) return { status: 'timeout', latencyMs: elapsed(started), errorMessage: `No response within ${timeoutMs / 1000} s` };
    return { status: 'down', latencyMs: elapsed(started), errorMessage: tlsProblem(error) ?? describeNetworkError(error) };
  }
  const latencyMs = elapsed(started);
  response.body.on('error', () => undefined);
  try {
    const ranges = parseStatusRanges(options.expectedStatus) ?? [[200, 399]];
    const expected = ranges.some(([low, high]) => response.statusCode >= low && response.statusCode <= high);
    if (!expected) {
      return { status: 'down', latencyMs, errorMessage: `HTTP ${response.statusCode}, expected ${options.expectedStatus}` };
    }
    if (options.keyword === undefined) return { status: 'up', latencyMs };
    const body = await readLimited(response.body, BODY_LIMIT);
    const found = body.includes(options.keyword);
    if (found === options.keywordInverted) {
      return {
        status: 'down',
        latencyMs,
        errorMessage: options.keywordInverted ? `Body contains “${options.keyword}”` : `Body does not contain “${options.keyword}”`,
      };
    }
    return { status: 'up', latencyMs };
  } catch (error) {
    if (signal.aborted) return { status: 'timeout', latencyMs, errorMessage: `Body not complete within ${timeoutMs / 1000} s` };
    return { status: 'down', latencyMs, errorMessage: describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
    response.body.destroy();
  }
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk as Uint8Array);
    chunks.push(size + buffer.length > limit ? buffer.subarray(0, limit - size) : buffer);
    size += buffer.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
